import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@permits/core';
import type { FastifyRequest as Request } from 'fastify';
import type IORedis from 'ioredis';
import { Clock } from '@permits/clock';
import { NationalEiaSettings } from '@permits/config';
import { CONFIG } from '@permits/http';
import { REDIS } from '@permits/queue';
import { NONCE_TTL_SECONDS, SIGNATURE_HEADERS, signatureProblem } from './signature';

/** Remembers nonces: `claim` is true the first time a nonce is seen within the TTL, false after. */
export interface NonceMemory {
  claim(nonce: string): Promise<boolean>;
}

/**
 * Nonces in Redis under this deployment's prefix: SET NX with a TTL, so two replicas never both accept one. The TTL
 * runs in real seconds; only under a manual clock held still for longer than it (tests) could a remembered nonce
 * lapse while its timestamp still passes.
 */
export class RedisNonceMemory implements NonceMemory {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly ttlSeconds = NONCE_TTL_SECONDS,
  ) {}

  async claim(nonce: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:national-eia:nonce:${nonce}`, '1', 'EX', this.ttlSeconds, 'NX')) === 'OK';
  }
}

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/**
 * Checks a request of the national EIA system before anything else looks at it (guards run before the
 * validation pipe, so an unsigned request gets 401, never 400): headers, timestamp against our Clock (the
 * manual one where it runs), the HMAC over the raw body bytes, then the nonce, remembered only once the
 * signature is right. Any failure answers 401 and stores nothing.
 */
export class NationalRequestVerifier {
  constructor(
    private readonly secret: string,
    private readonly now: () => Promise<Date>,
    private readonly nonces: NonceMemory,
  ) {}

  async verify(req: { timestamp?: string; nonce?: string; signature?: string; rawBody?: Buffer }): Promise<void> {
    const problem = signatureProblem({ ...req, rawBody: req.rawBody ?? Buffer.alloc(0) }, this.secret, await this.now());
    if (problem) throw new DomainError('UNAUTHORIZED', problem);
    if (!(await this.nonces.claim(req.nonce as string))) throw new DomainError('UNAUTHORIZED', 'X-Nonce was used before');
  }
}

@Injectable()
export class NationalSignatureGuard implements CanActivate {
  private readonly verifier: NationalRequestVerifier;

  constructor(clock: Clock, @Inject(REDIS) redis: IORedis, @Inject(CONFIG) config: NationalEiaSettings) {
    this.verifier = new NationalRequestVerifier(config.NATIONAL_EIA_SECRET, () => clock.now(), new RedisNonceMemory(redis, config.REDIS_PREFIX));
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // libs/http's JSON parser (libs/http/src/fastify.ts) keeps the exact bytes it parsed as req.rawBody
    const req = ctx.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    // a body the JSON parser left alone (another Content-Type) has no bytes we could check a signature over
    if (req.rawBody === undefined && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'the body must be JSON, sent with Content-Type: application/json');
    }
    await this.verifier.verify({
      timestamp: header(req, SIGNATURE_HEADERS.timestamp),
      nonce: header(req, SIGNATURE_HEADERS.nonce),
      signature: header(req, SIGNATURE_HEADERS.signature),
      rawBody: req.rawBody,
    });
    return true;
  }
}
