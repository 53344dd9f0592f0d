// Fastify under every HTTP process (issue 26, lever 2: a lighter per-request cost than Express). What Express's
// middleware did for us is done here once, in hooks and one content-type parser, for the services and the gateway.
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { PinoLogger } from 'nestjs-pino';
import { DomainError } from '@permits/core';
import { bodyShapeProblem } from './body';
import { errorBody } from './errors';
import { Metrics } from './metrics';

/** The largest JSON body a service takes (and the gateway lets through to one). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const CORRELATION_HEADER = 'x-correlation-id';
/** What a process reads off the wire after it has answered early (the gateway admits at most 50 MiB + envelope). */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** A valid incoming X-Correlation-Id, or a fresh UUID: it is the request's id (Fastify's genReqId). */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : randomUUID();
}

export interface FastifyPlatformOptions {
  /** The proxies whose X-Forwarded-For counts (TRUSTED_PROXIES), or false: none. */
  trustProxy: string[] | false;
}

/**
 * The Fastify instance of every process. The router behaves as Express's did where clients can tell: a trailing
 * slash is ignored, letter case too (a route spelt `CLAIM/` is still the route its guards protect); path parameters are as long as a URL lets them be (find-my-way's default of 100 answered a
 * long id with 404 where the validation pipe answers 400). Fastify's own request logging is off: see hooks below.
 */
export function fastifyAdapter(opts: FastifyPlatformOptions): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    trustProxy: opts.trustProxy === false ? false : opts.trustProxy,
    genReqId: correlationIdOf,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16 * 1024 },
    // a URL find-my-way cannot decode (a lone `%`, `%E0%A4`) is the client's mistake: 400 in the one error shape
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      void reply.status(400).send(errorBody(400, err.code === 'FST_ERR_BAD_URL' ? 'the URL is not validly percent-encoded' : err.message));
    },
  });
}

/**
 * What every process of ours does around a request: security headers (helmet), the correlation id answered
 * in X-Correlation-Id, NUL refused in URLs, an early answer held until the body is read, per-route metrics,
 * every 5xx logged with its correlation id (ordinary requests at debug only), and the JSON body parser.
 */
export async function configureFastify(
  app: NestFastifyApplication,
  opts: { helmet?: Parameters<typeof helmet>[1]; json?: 'parse' | 'stream'; jsonPaths?: { prefix: string; limit: number }[] },
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet as never, (opts.helmet ?? {}) as never);
  const metrics = app.get(Metrics);

  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(CORRELATION_HEADER, req.id);
    (req as FastifyRequest & { endTimer?: (labels: Record<string, string>) => void }).endTimer = metrics.httpDuration.startTimer();
    // a NUL in a path or query value would reach PostgreSQL, whose text refuses it
    if (/%00/.test(req.raw.url ?? '')) return void reply.status(400).send(errorBody(400, ['the URL must not contain NUL characters']));
    done();
  });
  fastify.addHook('onSend', async (req, reply, payload) => {
    // an answer that closes the connection (the gateway cutting a body off at its limit) reads no more of it
    if (reply.getHeader('connection') !== 'close') await bodyReadOff(req.raw);
    return payload;
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    // observed under its route pattern (not its raw URL: bounded labels)
    (req as FastifyRequest & { endTimer?: (labels: Record<string, string>) => void }).endTimer?.({
      method: req.method,
      route: req.routeOptions?.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
    const line = { correlationId: req.id, method: req.method, url: req.raw.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    const log = PinoLogger.root;
    if (reply.statusCode >= 500) log?.error(line, 'request failed');
    else if (!/^\/(health|metrics)/.test(req.raw.url ?? '')) log?.debug(line, 'request completed');
    done();
  });

  fastify.removeAllContentTypeParsers();
  const jsonPaths = opts.jsonPaths ?? [];
  fastify.addContentTypeParser('application/json', (req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
    const path = (req.raw.url ?? '').split('?')[0];
    const own = jsonPaths.find((p) => path.startsWith(p.prefix));
    // the gateway streams bodies to the services unparsed, but for the few routes it answers itself
    if (opts.json === 'stream' && !own) return done(null);
    readBody(payload, own?.limit ?? BODY_LIMIT_BYTES).then(
      (raw) => {
        try {
          done(null, parseJson(req, raw));
        } catch (err) {
          done(err as Error);
        }
      },
      (err: Error) => done(err),
    );
  });
  // any other type reaches the route unread (text/calendar is read by its route; multipart by @fastify/multipart)
  fastify.addContentTypeParser('*', (_req: FastifyRequest, _payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => done(null));
}

/** The body's bytes, refused past `limit` (413) before more is buffered. */
function readBody(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(stream.headers['content-length']);
    if (declared > limit) return reject(tooLarge(limit, stream));
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        return reject(tooLarge(limit, stream));
      }
      chunks.push(chunk);
    });
    stream.once('end', () => failed || resolve(Buffer.concat(chunks)));
    stream.once('error', (err) => failed || reject(Object.assign(new DomainError('VALIDATION_FAILED', 'request aborted'), { cause: err })));
  });
}

function tooLarge(limit: number, stream: IncomingMessage): Error {
  stream.resume(); // read and drop the rest: the answer goes out once it is off the wire (bodyReadOff)
  return new DomainError('PAYLOAD_TOO_LARGE', `body larger than ${limit >= BODY_LIMIT_BYTES ? '1 MiB' : `${limit / 1024} KiB`}`);
}

/**
 * JSON as Express's body parser took it, refusing what it refused with the same status: a charset other than
 * UTF-8 (415), a content encoding other than gzip, deflate or br (415), a body that is not an object or array
 * (strict), malformed, nested too deep or holding what PostgreSQL's text refuses (400). An empty body is {}.
 * The exact bytes are kept as `rawBody`: the signed integrations verify an HMAC over them.
 */
function parseJson(req: FastifyRequest, wire: Buffer): unknown {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `unsupported charset "${charset.toUpperCase()}"`);
  const raw = decoded(wire, String(req.headers['content-encoding'] ?? 'identity').toLowerCase());
  (req as FastifyRequest & { rawBody?: Buffer }).rawBody = raw;
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new DomainError('VALIDATION_FAILED', 'malformed JSON body');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'malformed JSON body');
  }
  const problem = bodyShapeProblem(body);
  if (problem) throw new DomainError('VALIDATION_FAILED', [problem]);
  return body;
}

function decoded(wire: Buffer, encoding: string): Buffer {
  const limits = { maxOutputLength: BODY_LIMIT_BYTES + 1 };
  let out: Buffer;
  try {
    if (encoding === 'identity') return wire;
    if (encoding === 'gzip') out = gunzipSync(wire, limits);
    else if (encoding === 'deflate') out = inflateSync(wire, limits);
    else if (encoding === 'br') out = brotliDecompressSync(wire, limits);
    else throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `unsupported content encoding "${encoding}"`);
  } catch (err) {
    if (err instanceof DomainError) throw err; // the unsupported encoding above
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DomainError('PAYLOAD_TOO_LARGE', 'body larger than 1 MiB');
    throw new DomainError('VALIDATION_FAILED', 'malformed JSON body');
  }
  if (out.length > BODY_LIMIT_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'body larger than 1 MiB');
  return out;
}

/**
 * Waits (bounded) until the request's body has been read off the wire. A route can answer before reading the
 * body (a 401 before a multipart upload, a body no parser wanted); Node then closes the connection under a
 * sender still writing, and a proxy in front (the gateway) sees a reset instead of the answer and turns it into
 * a 503. Draining first lets the answer through.
 */
export function bodyReadOff(req: IncomingMessage): Promise<void> {
  if (req.complete || req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let read = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
    };
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MAX_DRAIN_BYTES) finish();
    });
    req.once('end', finish);
    req.once('error', finish);
    req.once('close', finish);
    req.resume();
  });
}

/** The request's path, undecoded, without its query (what Express called req.path). */
export const pathOf = (req: FastifyRequest): string => (req.raw.url ?? '/').split('?')[0];

export type { FastifyReply, FastifyRequest };
