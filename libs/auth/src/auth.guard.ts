import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest as Request } from 'fastify';
import { Role } from '@permits/contracts/enums';
import { DomainError } from '@permits/core';
import { InvalidToken } from './jwt';
import { AuthUser } from './user';
import { TokenVerifier } from './verifier';

const PUBLIC = 'auth:public';
const ROLES_KEY = 'auth:roles';

/** No bearer token needed (health, metrics, docs, signed integrations). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const JWT_SECRET = Symbol('JWT_SECRET');

type AuthedRequest = Request & { user?: AuthUser };

/** Global guard: every route needs a valid token unless marked @Public(); @Roles narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    try {
      req.user = await this.verifier.forRequest(req);
    } catch (err) {
      if (err instanceof InvalidToken) throw new DomainError('UNAUTHORIZED', err.message);
      throw err;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !req.user.roles.some((r) => roles.includes(r))) {
      throw new DomainError('FORBIDDEN', `requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new DomainError('UNAUTHORIZED', 'Unauthorized');
  return user;
});
