import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { Public } from '@permits/auth';
import { ServiceName } from '@permits/config';
import { CORRELATION_HEADER, errorBody, pathOf, RETRY_AFTER_SECONDS } from '@permits/http';
import { capStreamedBody, hasUndeclaredLength } from './body-cap';
import { Composer } from './compose';
import { route, serviceForTaskId } from './routes';
import { Upstream } from './upstream';

const BODY_LIMIT = 1024 * 1024;

/**
 * An idle pooled connection to a service is closed after this long: far below the services' KEEP_ALIVE_MS, so
 * the gateway never reuses a connection the service is closing. (undici also takes the service's
 * `Keep-Alive: timeout` hint, whichever is shorter.)
 */
export const UPSTREAM_IDLE_MS = 15_000;
// a file of 50 MiB travels in a multipart envelope a little larger; intake enforces the file's own 50 MiB
const UPLOAD_LIMIT = 50 * 1024 * 1024 + 64 * 1024;
/** How long a service may take to answer (headers) or go quiet mid-answer. */
const UPSTREAM_TIMEOUT_MS = 60_000;

/** Headers of one connection, not of the message (RFC 9110 7.6.1): never passed on, either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

/** Request headers undici refuses to send: Node's server has already answered `Expect: 100-continue` itself. */
const NOT_FORWARDED = new Set(['expect', 'host']);

/** A connection error after which a read may be sent once more: the pooled connection closed under it (a service restarting). */
const RESET = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/** The message's own headers of `headers`, without the hop-by-hop ones and those its Connection header names. */
export function endToEndHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || named.has(k)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * The one base URL of the portal API. Authentication is checked by each service (the token travels on);
 * the gateway routes, composes the cross-service reads, limits bodies and rates.
 *
 * Proxied requests go out on undici's pooled keep-alive connections (one pool per service), with the URL
 * exactly as the client sent it (`request.raw.url`, never decoded and encoded again): a path parameter with an
 * encoded slash or dot (`..%2F..%2Fetc`) reaches the service as it came and is refused there (400/404).
 */
@ApiExcludeController()
@Controller()
export class GatewayController {
  private readonly agent = new Agent({
    keepAliveTimeout: UPSTREAM_IDLE_MS,
    keepAliveMaxTimeout: UPSTREAM_IDLE_MS,
    headersTimeout: UPSTREAM_TIMEOUT_MS,
    bodyTimeout: UPSTREAM_TIMEOUT_MS,
  });

  constructor(
    private readonly upstream: Upstream,
    private readonly composer: Composer,
  ) {}

  @Public()
  // find-my-way's wildcard: the rest of the path, whatever it holds (routes.ts decides on the raw path)
  @All('api/*')
  async handle(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const path = pathOf(req);
    const r = route(req.method, path);
    if (!r) return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${path}`));

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
        return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${path}`));
      case 'any-case': {
        if (req.method !== 'GET') return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${path}`));
        const answer = await this.composer.anyCase(req, r.caseId, r.part);
        return this.send(res, answer.status, answer.body);
      }
      case 'compose': {
        if (req.method !== (r.method ?? 'GET')) return this.send(res, 404, errorBody(404, `Cannot ${req.method} ${path}`));
        const answer =
          r.name === 'audit-verification'
            ? r.method === 'POST'
              ? await this.composer.startAuditVerification(req)
              : await this.composer.auditVerification(req, decodeURIComponent(path.split('/')[5]))
            : r.name === 'tasks'
              ? await this.composer.tasks(req)
              : r.name === 'application'
                ? await this.composer.application(req, decodeURIComponent(path.split('/')[4]))
                : r.name === 'sla-overview'
                  ? await this.composer.slaOverview(req)
                  : await this.composer.auditVerify(req);
        return this.send(res, answer.status, answer.body);
      }
    }
  }

  private async forward(req: FastifyRequest, res: FastifyReply, service: ServiceName): Promise<void> {
    const path = pathOf(req);
    const limit = path === '/api/v1/files' ? UPLOAD_LIMIT : BODY_LIMIT;
    const tooLarge = errorBody(413, `body larger than ${limit === BODY_LIMIT ? '1 MiB' : '50 MiB'}`);
    // refused before a byte is read: the answer closes the connection rather than reading what it refused
    if (Number(req.headers['content-length'] ?? 0) > limit) return this.send(res.header('connection', 'close'), 413, tooLarge);
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || hasUndeclaredLength(req.raw);
    // a chunked body declares no length: counted as it streams, cut off at the same limit
    let over = false;
    const body: Readable | undefined = !hasBody ? undefined : hasUndeclaredLength(req.raw) ? capStreamedBody(req.raw, limit, () => (over = true)) : req.raw;

    const headers = endToEndHeaders(req.headers);
    for (const h of NOT_FORWARDED) delete headers[h];
    // the service logs under the gateway's id, and answers it back in X-Correlation-Id
    headers[CORRELATION_HEADER] = req.id;
    const peer = req.raw.socket.remoteAddress ?? '';
    const forwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)},${peer}` : peer;
    headers['x-forwarded-port'] = String(req.raw.socket.localPort ?? '');
    headers['x-forwarded-proto'] = 'http';
    const options: Dispatcher.RequestOptions = {
      origin: this.upstream.url(service),
      path: req.raw.url ?? '/',
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body,
    };

    let answer: Dispatcher.ResponseData;
    try {
      answer = await this.agent.request(options);
    } catch (err) {
      // a read that met a pooled connection closing under it (the service restarting) is safe to send once more
      const again = (req.method === 'GET' || req.method === 'HEAD') && !body && RESET.has(String((err as { code?: string }).code));
      try {
        if (!again) throw err;
        answer = await this.agent.request(options);
      } catch (err2) {
        return this.refuse(res, err2, over ? tooLarge : undefined);
      }
    }
    // the client went away while the service answered: drop the answer (its abort error is expected, not a crash)
    if (res.raw.destroyed) {
      answer.body.on('error', () => undefined);
      return void answer.body.destroy();
    }
    void res.status(answer.statusCode).headers(endToEndHeaders(answer.headers));
    if (req.method === 'HEAD' || answer.statusCode === 204 || answer.statusCode === 304) {
      await answer.body.dump();
      return void (await res.send());
    }
    await res.send(answer.body);
  }

  /** The answer when a request could not be passed on: 413 past the limit, 400 for what no HTTP request may carry, else 503. */
  private refuse(res: FastifyReply, err: unknown, tooLarge?: ReturnType<typeof errorBody>): void {
    if (res.sent || res.raw.headersSent) return;
    if (tooLarge) {
      // the client may still be sending: the answer closes the connection rather than reading the rest
      void res.header('connection', 'close');
      return this.send(res, 413, tooLarge);
    }
    if (err instanceof undiciErrors.InvalidArgumentError)
      return this.send(res, 400, errorBody(400, 'the request cannot be passed on as it is (its path or a header)'));
    return this.send(res, 503, { ...errorBody(503, 'service unavailable, try again'), code: 'SERVICE_UNAVAILABLE' });
  }

  private send(res: FastifyReply, status: number, body: unknown): void {
    // a composed answer passes on a service's 503 (database or Redis away): its Retry-After too
    if (status === 503) void res.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void res.status(status).send(body);
  }
}
