import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import type { AuthUser } from '@permits/auth';
import { invalidRequest } from '@permits/core';
import { type Actor, type CaseContext, CaseRuntime } from '../case-runtime';
import { CaseworkQueries } from '../casework.queries';

/**
 * What a casework command carries of its HTTP request: the correlation id and the raw `Idempotency-Key`
 * header (checked by the handler where the command uses it, so that a missing case still answers 404 first).
 */
export interface RequestMeta {
  correlationId: string;
  idempotencyHeader?: string | string[];
}

export const requestMeta = (req: Request): RequestMeta => ({
  correlationId: String((req as Request & { id?: unknown }).id ?? ''),
  idempotencyHeader: req.headers['idempotency-key'],
});

export const actorOf = (u: AuthUser): Actor => ({ id: u.id, roles: u.roles, dept: u.dept });

/** The runtime's context of a command: its correlation id and the request's facts for history and effects. */
export const caseContext = (meta: RequestMeta, input?: Record<string, unknown>): CaseContext =>
  input ? { correlationId: meta.correlationId, input } : { correlationId: meta.correlationId };

/**
 * The optional `Idempotency-Key` header of a command: a retry with the same key and the same command is
 * answered again without a second effect; the same key with another command answers 422.
 */
export function idempotencyKey(meta: RequestMeta, suffix = ''): string | undefined {
  const raw = meta.idempotencyHeader;
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw invalidRequest('Idempotency-Key must be 1-200 visible ASCII characters');
  return `${key}${suffix}`;
}

/** The document of the `Idempotency-Key` header, on every command that takes one. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key and command again: answered again, no second effect; with another command: 422',
  });

/** A command on one case by a caller (its body as the request sent it); the controller answers the case's view. */
export abstract class CaseCommand<B = undefined> extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
    readonly body: B,
    readonly meta: RequestMeta,
  ) {
    super();
  }
}

/**
 * The handlers of the case commands: each checks what its command needs (the caller sees the case, may
 * touch its clock…) and runs it through CaseRuntime, one transaction with its audit entry and outbox.
 */
@Injectable()
export abstract class CaseCommandHandler<C extends CaseCommand<unknown>> {
  constructor(
    protected readonly runtime: CaseRuntime,
    protected readonly queries: CaseworkQueries,
  ) {}

  abstract execute(command: C): Promise<void>;
}
