import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { DomainError } from '@permits/http';
import { TaskRow } from '@permits/workflow-runtime';

/**
 * Supervision's rules on the shared task commands (POST /api/v1/tasks/:id/…), checked after authentication:
 * an inspection task is finished only by recording the check's result (its inspectors, at
 * /api/v1/supervision/checks/:id/result), and a vote in a penalty's collective review is a head's (or an admin's).
 */
@Injectable()
export class TaskRulesInterceptor implements NestInterceptor {
  constructor(private readonly db: DataSource) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const m = req.method === 'POST' ? /^\/api\/v1\/tasks\/([^/]+)\/([a-z]+)$/.exec(req.path) : null;
    if (m) {
      const task = await this.db.getRepository(TaskRow).findOne({ where: { id: decodeURIComponent(m[1]) } });
      if (task?.kind === 'inspection' && ['complete', 'delegate', 'transfer'].includes(m[2])) {
        throw new DomainError('CONFLICT', 'an inspection task is finished by recording the check result at /api/v1/supervision/checks/:id/result');
      }
      if (task?.stepId === 'collective_review' && m[2] === 'complete' && !(req.user && hasRole(req.user, 'head', 'admin'))) {
        throw new DomainError('FORBIDDEN', 'the collective review of a penalty is voted by heads');
      }
    }
    return next.handle();
  }
}
