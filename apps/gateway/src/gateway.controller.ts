import http from 'node:http';
import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Public } from '@permits/auth';
import { ServiceName } from '@permits/config';
import { errorBody, RETRY_AFTER_SECONDS } from '@permits/http';
import { capStreamedBody, hasUndeclaredLength } from './body-cap';
import { Composer } from './compose';
import { route, serviceForTaskId } from './routes';
import { Upstream } from './upstream';

const BODY_LIMIT = 1024 * 1024;

/**
 * An idle pooled connection to a service is closed after this long: far below the services' KEEP_ALIVE_MS, so
 * the gateway never reuses a connection the service is closing. (Node's agent also takes the service's
 * `Keep-Alive: timeout` hint minus a second, whichever is shorter.)
 */
export const UPSTREAM_IDLE_MS = 15_000;
// a file of 50 MiB travels in a multipart envelope a little larger; intake enforces the file's own 50 MiB
const UPLOAD_LIMIT = 50 * 1024 * 1024 + 64 * 1024;

type Routed = Request & { upstream?: string; retried?: boolean };

/**
 * The one base URL of the portal API. Authentication is checked by each service (the token travels on);
 * the gateway routes, composes the cross-service reads, limits bodies and rates.
 */
@ApiExcludeController()
@Controller()
export class GatewayController {
  private readonly proxy;

  constructor(
    private readonly upstream: Upstream,
    private readonly composer: Composer,
  ) {
    this.proxy = createProxyMiddleware<Request, Response>({
      router: (req) => (req as Routed).upstream as string,
      // pooled keep-alive connections to the services: without an agent http-proxy opens and closes a TCP
      // connection per request (profiled as the gateway's top cost); the pool is per service URL
      agent: new http.Agent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS, maxFreeSockets: 32, scheduling: 'lifo' }),
      changeOrigin: false,
      xfwd: true,
      proxyTimeout: 60_000,
      on: {
        // Connection is hop-by-hop: a client's `close` ends its own connection, not the pooled one to the service
        proxyReq: (proxyReq) => proxyReq.removeHeader('connection'),
        error: (err, req, res) => {
          const r = res as Response;
          if (r.headersSent) return;
          // a read that met a pooled connection closing under it (the service restarting) is safe to send once more
          const q = req as Routed;
          if ((req.method === 'GET' || req.method === 'HEAD') && !q.retried && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
            q.retried = true;
            return void this.proxy(q, r, () => undefined);
          }
          r.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
          r.status(503).json({ ...errorBody(503, 'service unavailable, try again'), code: 'SERVICE_UNAVAILABLE' });
        },
      },
    });
  }

  @Public()
  @All('api/*path')
  async handle(@Req() req: Request, @Res() res: Response): Promise<void> {
    const r = route(req.method, req.path);
    if (!r) return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${req.path}`));

    const limit = req.path === '/api/v1/files' ? UPLOAD_LIMIT : BODY_LIMIT;
    const tooLarge = errorBody(413, `body larger than ${limit === BODY_LIMIT ? '1 MiB' : '50 MiB'}`);
    if (Number(req.headers['content-length'] ?? 0) > limit) return this.send(res, 413, tooLarge);
    // a chunked body declares no length: counted as it streams, cut off at the same limit
    if (hasUndeclaredLength(req)) {
      capStreamedBody(req, limit, () => {
        if (res.headersSent) return;
        res.setHeader('connection', 'close');
        this.send(res, 413, tooLarge);
      });
    }

    switch (r.kind) {
      case 'proxy':
        return this.forward(req, res, r.service);
      case 'task': {
        const service = serviceForTaskId(r.taskId);
        if (!service) return this.send(res, 404, errorBody(404, 'task not found'));
        return this.forward(req, res, service);
      }
      case 'case': {
        const found = await this.composer.owner(req, r.applicationId);
        if (found.status !== 200) return this.send(res, found.status, found.body);
        return this.forward(req, res, found.body.owner ?? 'intake');
      }
      case 'task-stream':
        return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${req.path}`));
      case 'any-case': {
        if (req.method !== 'GET') return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${req.path}`));
        const answer = await this.composer.anyCase(req, r.caseId, r.part);
        return this.send(res, answer.status, answer.body);
      }
      case 'compose': {
        if (req.method !== (r.method ?? 'GET')) return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${req.path}`));
        const answer =
          r.name === 'audit-verification'
            ? r.method === 'POST'
              ? await this.composer.startAuditVerification(req)
              : await this.composer.auditVerification(req, decodeURIComponent(req.path.split('/')[5]))
            : r.name === 'tasks'
              ? await this.composer.tasks(req)
              : r.name === 'application'
                ? await this.composer.application(req, decodeURIComponent(req.path.split('/')[4]))
                : r.name === 'sla-overview'
                  ? await this.composer.slaOverview(req)
                  : await this.composer.auditVerify(req);
        return this.send(res, answer.status, answer.body);
      }
    }
  }

  private forward(req: Request, res: Response, service: ServiceName): Promise<void> {
    (req as Routed).upstream = this.upstream.url(service);
    return new Promise<void>((resolve) => {
      res.on('finish', () => resolve());
      res.on('close', () => resolve());
      void this.proxy(req, res, ((err?: unknown) => {
        if (err && !res.headersSent) res.status(502).json(errorBody(502, 'bad gateway'));
        resolve();
      }) as NextFunction);
    });
  }

  private send(res: Response, status: number, body: unknown): void {
    // a composed answer passes on a service's 503 (database or Redis away): its Retry-After too
    if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(status).json(body);
  }
}
