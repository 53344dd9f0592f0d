import { BadRequestException } from '@nestjs/common';

/** Keyset cursor (createdAt, id), newest first: the same across services so the gateway can merge pages. */
export function encodeCursor(createdAt: Date | string, id: string): string {
  const at = typeof createdAt === 'string' ? createdAt : createdAt.toISOString();
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string') return { at, id };
  } catch {
    /* fall through */
  }
  throw new BadRequestException(['cursor is not a cursor this API issued']);
}
