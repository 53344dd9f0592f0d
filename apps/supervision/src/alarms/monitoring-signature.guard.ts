import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest as Request } from 'fastify';
import type IORedis from 'ioredis';
import { Clock } from '@permits/clock';
import { MonitoringSettings } from '@permits/config';
import { CONFIG } from '@permits/http';
import { NONCE_TTL_SECONDS, SIGNATURE_HEADERS, signatureProblem } from '@permits/http/signed-request';
import { REDIS } from '@permits/queue';
import { DomainError } from '@permits/core';

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/**
 * The online monitoring platform's alarms are signed exactly like the national EIA system's requests, with
 * MONITORING_SECRET: headers, timestamp within 300 s of our Clock, HMAC over the raw body, then a nonce used
 * once (SET NX in Redis under this deployment's prefix, remembered only once the signature is right). 401 otherwise.
 */
@Injectable()
export class MonitoringSignatureGuard implements CanActivate {
  constructor(
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(CONFIG) private readonly config: MonitoringSettings,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    if (req.rawBody === undefined && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'the body must be JSON, sent with Content-Type: application/json');
    }
    const signed = {
      timestamp: header(req, SIGNATURE_HEADERS.timestamp),
      nonce: header(req, SIGNATURE_HEADERS.nonce),
      signature: header(req, SIGNATURE_HEADERS.signature),
      rawBody: req.rawBody ?? Buffer.alloc(0),
    };
    const problem = signatureProblem(signed, this.config.MONITORING_SECRET, await this.clock.now());
    if (problem) throw new DomainError('UNAUTHORIZED', problem);
    const fresh = (await this.redis.set(`${this.config.REDIS_PREFIX}:monitoring:nonce:${signed.nonce}`, '1', 'EX', NONCE_TTL_SECONDS, 'NX')) === 'OK';
    if (!fresh) throw new DomainError('UNAUTHORIZED', 'X-Nonce was used before');
    return true;
  }
}
