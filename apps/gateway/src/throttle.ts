import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { bearerToken, verifyToken } from '@permits/auth';

/**
 * Counts requests per client: the verified token's user, or the address when there is no valid token
 * (a forged `sub` cannot buy a fresh budget).
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  static secret = '';

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as Request;
    const token = bearerToken(r.headers.authorization);
    if (token) {
      try {
        return Promise.resolve(`user:${verifyToken(token, ClientThrottlerGuard.secret).id}`);
      } catch {
        /* fall through to the address */
      }
    }
    return Promise.resolve(`ip:${r.ip ?? 'unknown'}`);
  }

  protected override shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const path = ctx.switchToHttp().getRequest<Request>().path;
    return Promise.resolve(!path.startsWith('/api/'));
  }
}
