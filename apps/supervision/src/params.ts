import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyRequest as Request } from 'fastify';
import { randomUUID } from 'node:crypto';

/** A path `:id` that is a uuid (plans, checks, penalties). */
export class UuidParam {
  @ApiProperty({ format: 'uuid', example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) @IsUUID() id: string;
}

/** The request's correlation id (set by the platform's logger), or a fresh one. */
export const correlationIdOf = (req: Request): string => String((req as Request & { id?: unknown }).id ?? randomUUID());
