import { BadRequestException } from '@nestjs/common';
import { isInstant } from '@permits/contracts/validation';

/** Ids a cursor may carry: what our ids are made of (UUIDs, prefixed task ids), nothing PostgreSQL could refuse. */
const CURSOR_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Keyset cursor (createdAt, id), newest first: the same across services so the gateway can merge pages. */
export function encodeCursor(createdAt: Date | string, id: string): string {
  const at = typeof createdAt === 'string' ? createdAt : createdAt.toISOString();
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The one decoder of every list's cursor: anything we did not issue is a 400, never a query PostgreSQL refuses. */
export function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (isInstant(at) && /T/.test(at) && typeof id === 'string' && CURSOR_ID.test(id)) return { at, id };
  } catch {
    /* fall through */
  }
  throw new BadRequestException(['cursor is not a cursor this API issued']);
}
