// GET /api/v1/tasks/stream (API.md "Tasks (staff)"): new work as it opens, pushed to the workbench as server-sent
// events instead of polled. The case services announce each task a committed command opened on Redis
// (libs/workflow-runtime/src/task-announcer.ts); the gateway holds the connections and passes each task to
// the callers whose open inbox lists it (the inbox's own rule: mayActOn).
import { Controller, Get, HttpStatus, Injectable, Logger, OnModuleDestroy, OnModuleInit, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type IORedis from 'ioredis';
import { AuthUser, bearerToken, CurrentUser, Roles } from '@permits/auth';
import { GatewayConfig } from '@permits/config';
import { ApiErrors, errorBody, RETRY_AFTER_SECONDS } from '@permits/http';
import { redisConnection } from '@permits/queue';
import { mayActOn, OpenedTask, parseOpenedTask, taskChannel } from '@permits/workflow-runtime/task-stream';
import { safeErrorMessage } from '@permits/core';

/** A comment line this often keeps proxies and the client from taking a quiet stream for a dead one. */
export const KEEP_ALIVE_MS = 25_000;
/** Streams one person may hold open at once (a few tabs); one more answers 429. */
export const STREAMS_PER_USER = 5;
/** Streams one gateway process holds open at once; one more answers 503 (another gateway, or later). */
export const STREAMS_TOTAL = 1_000;
/** How many recently sent task openings the hub remembers to send each once. */
export const RECENT_TASKS = 10_000;
/** A client that reads slower than this much is buffered for it is cut off (it reconnects and reads the inbox). */
export const MAX_BUFFERED_BYTES = 256 * 1024;

interface Listener {
  user: AuthUser;
  /** The hijacked raw response: Fastify sends nothing more on it, the hub writes the stream. */
  res: ServerResponse;
}

/** One SSE frame for a task: `event: task` and its JSON on one data line (JSON has no raw newline). */
export function taskFrame(task: OpenedTask): string {
  return `event: task\ndata: ${JSON.stringify(task)}\n\n`;
}

/**
 * The open streams of this gateway process and the one Redis subscription that feeds them. ioredis reconnects
 * and subscribes again by itself (autoResubscribe), so a Redis restart interrupts announcements, not streams.
 */
@Injectable()
export class TaskStreamHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TaskStream');
  private readonly listeners = new Set<Listener>();
  private readonly perUser = new Map<string, number>();
  /** The tasks sent lately (id, department, assignee), oldest first: one opening announced by two sources is sent once. */
  private readonly recent = new Set<string>();
  private subscriber?: IORedis;
  private keepAlive?: NodeJS.Timeout;
  readonly channel: string;

  constructor(private readonly config: GatewayConfig) {
    this.channel = taskChannel(config.REDIS_PREFIX);
  }

  async onModuleInit(): Promise<void> {
    // a connection of its own: a subscribed ioredis connection can do nothing else; lazy so a gateway starts without Redis
    const sub = redisConnection(this.config.redisTarget(), { lazyConnect: true, maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('error', (err) => this.logger.warn({ err: safeErrorMessage(err) }, 'task stream subscriber error'));
    sub.on('message', (_channel: string, message: string) => this.deliver(message));
    // never awaited: the subscription is made (and remade after a reconnect) whenever Redis is there
    sub.subscribe(this.channel).catch((err: unknown) => this.logger.warn({ err: safeErrorMessage(err) }, 'task stream subscription failed'));
    // the connections' heartbeat (not scheduled work: it lives and dies with the connections it keeps open)
    const beat = () => {
      this.broadcast(': keep-alive\n\n');
      this.keepAlive = setTimeout(beat, KEEP_ALIVE_MS).unref();
    };
    this.keepAlive = setTimeout(beat, KEEP_ALIVE_MS).unref();
  }

  onModuleDestroy(): void {
    clearTimeout(this.keepAlive);
    for (const l of [...this.listeners]) l.res.end();
    this.subscriber?.disconnect();
  }

  /** Opens a stream for the caller, or answers 429 (too many of theirs) or 503 (too many here). */
  open(user: AuthUser, request: FastifyRequest, reply: FastifyReply): void {
    if ((this.perUser.get(user.id) ?? 0) >= STREAMS_PER_USER) {
      void reply.status(HttpStatus.TOO_MANY_REQUESTS).send(errorBody(429, `at most ${STREAMS_PER_USER} task streams per person: close one`));
      return;
    }
    if (this.listeners.size >= STREAMS_TOTAL) {
      void reply
        .header('Retry-After', String(RETRY_AFTER_SECONDS))
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .send({ ...errorBody(503, 'too many task streams on this gateway, try again'), code: 'SERVICE_UNAVAILABLE' });
      return;
    }
    // the stream is written on the raw response; the headers set so far (helmet's, X-Correlation-Id) go with it
    const inherited = reply.getHeaders() as OutgoingHttpHeaders;
    reply.hijack();
    const req = request.raw;
    const res = reply.raw;
    const listener: Listener = { user, res };
    this.listeners.add(listener);
    this.perUser.set(user.id, (this.perUser.get(user.id) ?? 0) + 1);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.listeners.delete(listener);
      const n = (this.perUser.get(user.id) ?? 1) - 1;
      if (n > 0) this.perUser.set(user.id, n);
      else this.perUser.delete(user.id);
    };
    req.on('close', close);
    res.on('close', close);
    // the stream ends when the token does: an expired token must not go on hearing of new work
    const exp = tokenExpiry(request);
    if (exp !== undefined) {
      const timer = setTimeout(() => res.end(), Math.min(2 ** 31 - 1, Math.max(0, exp * 1000 - Date.now())));
      timer.unref();
      res.on('close', () => clearTimeout(timer));
    }
    req.socket.setTimeout(0); // a stream is quiet between tasks: the keep-alive comment is its heartbeat
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      ...inherited,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    // the first bytes at once: the client knows the stream is open (and retry: how long to wait after a drop)
    res.write('retry: 5000\n: connected\n\n');
  }

  /** How many streams are open in this process. */
  get size(): number {
    return this.listeners.size;
  }

  private deliver(message: string): void {
    const task = parseOpenedTask(message);
    if (!task) return void this.logger.warn('task announcement refused: not a task');
    this.push(task);
  }

  /**
   * Sends a task to the streams whose open inbox lists it, once per place it opened at: the case services'
   * announcements and the task index's changes (task-index/feed.ts) both arrive here, whichever first.
   */
  push(task: OpenedTask): void {
    const key = `${task.id}\u0000${task.dept}\u0000${task.assignee ?? ''}`;
    if (this.recent.has(key)) return;
    this.recent.add(key);
    if (this.recent.size > RECENT_TASKS) this.recent.delete(this.recent.values().next().value as string);
    const frame = taskFrame(task);
    for (const l of this.listeners) if (mayActOn(l.user, task)) this.send(l, frame);
  }

  private broadcast(frame: string): void {
    for (const l of this.listeners) this.send(l, frame);
  }

  private send(l: Listener, frame: string): void {
    if (l.res.writableLength > MAX_BUFFERED_BYTES) return void l.res.destroy();
    l.res.write(frame);
  }
}

/** The `exp` (seconds) of the request's bearer token, already verified by the auth guard; undefined if it has none. */
export function tokenExpiry(req: { headers: { authorization?: string | string[] } }): number | undefined {
  const token = bearerToken(req.headers.authorization);
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks/stream')
export class TaskStreamController {
  constructor(private readonly hub: TaskStreamHub) {}

  @Get()
  @Roles('officer', 'head', 'admin')
  @ApiOperation({
    summary:
      "New open tasks the caller may act on (the caller's department's, or assigned to the caller; an inspection only to its named inspector), as server-sent events: `event: task` with the task as GET /api/v1/tasks lists it, and a `: keep-alive` comment every 25 s. A hint, not an authority: read the task through the API before acting on it. At most 5 streams per person (429 beyond) and 1,000 per gateway (503 beyond).",
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'the stream',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'event: task\ndata: {"id":"in_0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e","caseId":"0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4f","applicationId":"0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4f","kind":"review","dept":"pollution","assignee":null,"dueDate":"2026-12-28","slaLevel":"green","createdAt":"2026-12-07T09:30:00.000Z"}\n\n: keep-alive\n\n',
      },
    },
  })
  @ApiErrors(401, 403, 429)
  stream(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    this.hub.open(user, req, res);
  }
}
