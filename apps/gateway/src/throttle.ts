import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest as Request } from 'fastify';
import { TokenVerifier } from '@permits/auth';
import { pathOf } from '@permits/http';

/**
 * Counts requests per client: the verified token's user, or the address when there is no valid token
 * (a forged `sub` cannot buy a fresh budget). The address is the peer's unless it is one of TRUSTED_PROXIES
 * (Fastify's `trustProxy`), so X-Forwarded-For cannot either. The token is verified once per request
 * (TokenVerifier.forRequest); the counters live in Redis, shared by every gateway of the deployment.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  @Inject(TokenVerifier) private readonly verifier!: TokenVerifier;

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as Request;
    if (r.headers.authorization) {
      try {
        return `user:${(await this.verifier.forRequest(r)).id}`;
      } catch {
        /* fall through to the address */
      }
    }
    return `ip:${r.ip ?? 'unknown'}`;
  }

  protected override shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const path = pathOf(ctx.switchToHttp().getRequest<Request>());
    return Promise.resolve(!path.startsWith('/api/'));
  }
}
