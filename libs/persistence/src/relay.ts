import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { QueueName } from '@permits/contracts/jobs';
import { QueueClient } from '@permits/queue';
import { OutboxRow } from './outbox.entity';
import { safeErrorMessage } from '@permits/core';

const BATCH = 200;
const PRUNE_BATCH = 1000;

export interface RelayOptions {
  /**
   * Poll interval when the outbox is empty. The relay is woken at once by a NOTIFY on `outbox_<schema>` (a
   * statement trigger on the outbox, migration OutboxNotify), so this is only the fallback for a lost
   * listener connection.
   */
  idleMs?: number;
  /** Listen for the outbox trigger's NOTIFY (default true); off, the relay polls every `idleMs`. */
  listen?: boolean;
  /**
   * How long outbox rows (published) and inbox rows are kept. After Redis lost its data the relay publishes
   * again every row younger than this; the consumers' inboxes keep their rows as long, so a repeat is a no-op.
   */
  retentionMs?: number;
  /** How often the relay checks its epoch key in Redis. */
  epochCheckMs?: number;
  /** How often the loop prunes old outbox and inbox rows; 0: never (a worker prunes on its job scheduler, OutboxPruneHandler). */
  pruneEveryMs?: number;
  /** Names the epoch key (`<prefix>:relay-epoch:<schema>`); one per service. */
  schema?: string;
  /** Called when the epoch key was gone (first start, or Redis lost its data): e.g. upsert the job schedulers again. */
  onRedisLost?: () => void;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * Publishes outbox rows to BullMQ (jobId = outbox id) and marks them published, in a transaction that
 * holds the rows with FOR UPDATE SKIP LOCKED, so several relays never publish the same row at once.
 * A crash between publishing and marking re-publishes the row later: BullMQ drops a job whose id it
 * still holds, and every consumer's inbox drops the rest.
 *
 * Redis may lose what it held (a restart without persistence, a flush, a failover to an empty replica).
 * The relay keeps an epoch key of its own in Redis; when the key is gone, Redis lost its data, and every
 * outbox row younger than the retention window is marked unpublished again (in PostgreSQL, before the
 * key is set again, so a crash halfway repeats the step rather than skipping it) and goes out again with
 * the rest of its delay. Timer wake-ups further back come from the timers table (TimerService.reconcile).
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A notification arrived while the relay was busy: the next sleep returns at once. */
  private woken = false;
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;
  private readonly listen: boolean;
  readonly channel: string;
  private lastEpochCheck = 0;
  private lastPrune = 0;
  private readonly idleMs: number;
  private readonly retentionMs: number;
  private readonly epochCheckMs: number;
  private readonly pruneEveryMs: number;
  private readonly onRedisLost?: () => void;
  readonly epochKey: string;
  published = 0;
  /** How many times this relay found Redis emptied and re-published the window. */
  recoveries = 0;

  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueClient,
    opts: RelayOptions | number = {},
  ) {
    const o = typeof opts === 'number' ? { idleMs: opts } : opts;
    this.listen = o.listen ?? true;
    this.idleMs = o.idleMs ?? (this.listen ? 1000 : 50);
    this.retentionMs = o.retentionMs ?? DEFAULT_RETENTION_MS;
    this.epochCheckMs = o.epochCheckMs ?? 1000;
    this.pruneEveryMs = o.pruneEveryMs ?? 10 * 60_000;
    this.onRedisLost = o.onRedisLost;
    const schema = o.schema ?? ((db.options as { schema?: string }).schema || 'public');
    this.epochKey = `${queues.prefix}:relay-epoch:${schema}`;
    this.channel = `outbox_${schema}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.listen) void this.connectListener();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenerRetry);
    this.wakeUp();
    await this.loop;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  /** Whether the relay holds a listening connection (otherwise it polls every `idleMs`). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /** Ends the sleep between batches, or the next one when the relay is busy. */
  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  /**
   * A connection of its own that LISTENs on the outbox channel: every committed transaction that wrote outbox
   * rows wakes the relay. When it fails, the relay polls and reconnects a few seconds later.
   */
  private async connectListener(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (!url || !this.running) return;
    const schema = this.channel.slice('outbox_'.length);
    const client = new Client({ connectionString: url, application_name: `${schema}-relay` });
    const retry = (err: unknown) => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      if (!this.running) return;
      this.logger.warn({ err: safeErrorMessage(err) }, 'outbox listener lost; polling until it reconnects');
      clearTimeout(this.listenerRetry);
      this.listenerRetry = setTimeout(() => void this.connectListener(), 5000);
      this.wakeUp();
    };
    client.on('error', retry);
    client.on('end', () => {
      if (this.listener === client) retry(new Error('connection ended'));
    });
    client.on('notification', (n: Notification) => {
      if (n.channel === this.channel) this.wakeUp();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
      this.wakeUp(); // rows written before the listener was up
    } catch (err) {
      retry(err);
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .getRepository(OutboxRow)
        .createQueryBuilder('o')
        .where('o.published_at IS NULL')
        .orderBy('o.created_at', 'ASC')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      const now = Date.now();
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of rows) byQueue.set(r.queue as QueueName, [...(byQueue.get(r.queue as QueueName) ?? []), r]);
      for (const [queue, list] of byQueue) {
        await this.queues.queue(queue).addBulk(
          list.map((r) => {
            // a delay counts from when the message was written: a row published again after a Redis loss
            // waits only for the rest of it
            const delay = r.delay > 0 ? Math.max(0, new Date(r.createdAt).getTime() + r.delay - now) : 0;
            return {
              name: r.jobName,
              data: { ...r.payload, correlationId: (r.payload as { correlationId?: string }).correlationId ?? r.correlationId ?? undefined },
              opts: { jobId: r.id, delay: delay > 0 ? delay : undefined },
            };
          }),
        );
      }
      await tx
        .createQueryBuilder()
        .update(OutboxRow)
        .set({ publishedAt: () => 'now()' })
        .whereInIds(rows.map((r) => r.id))
        .execute();
      this.published += rows.length;
      return rows.length;
    });
  }

  /**
   * Checks the epoch key; when Redis lost it, marks every outbox row of the retention window unpublished
   * (so the loop publishes them again) and sets a new epoch. Returns how many rows go out again.
   */
  async checkEpoch(): Promise<number> {
    const redis = this.queues.connection;
    if ((await redis.exists(this.epochKey)) === 1) return 0;
    const again = (await this.db.query(
      `UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL AND created_at > now() - make_interval(secs => $1) RETURNING id`,
      [this.retentionMs / 1000],
    )) as [unknown[], number];
    await redis.set(this.epochKey, JSON.stringify({ epoch: randomUUID(), since: new Date().toISOString() }), 'NX');
    const n = again[1] ?? 0;
    this.recoveries++;
    this.logger.warn(
      { epochKey: this.epochKey, republishing: n },
      'Redis holds no relay epoch (first start, or Redis lost its data): publishing the retention window again',
    );
    this.onRedisLost?.();
    return n;
  }

  /** Deletes published outbox rows and inbox rows older than the retention window, a batch at a time. */
  async prune(): Promise<{ outbox: number; inbox: number }> {
    const secs = this.retentionMs / 1000;
    let outbox = 0;
    let inbox = 0;
    for (;;) {
      const r = (await this.db.query(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at IS NOT NULL AND created_at < now() - make_interval(secs => $1) LIMIT $2)`,
        [secs, PRUNE_BATCH],
      )) as [unknown[], number];
      outbox += r[1] ?? 0;
      if ((r[1] ?? 0) < PRUNE_BATCH || !this.running) break;
    }
    for (;;) {
      const r = (await this.db.query(
        `DELETE FROM inbox WHERE message_id IN (SELECT message_id FROM inbox WHERE handled_at < now() - make_interval(secs => $1) LIMIT $2)`,
        [secs, PRUNE_BATCH],
      )) as [unknown[], number];
      inbox += r[1] ?? 0;
      if ((r[1] ?? 0) < PRUNE_BATCH || !this.running) break;
    }
    if (outbox + inbox > 0) this.logger.log({ outbox, inbox }, 'old outbox and inbox rows pruned');
    return { outbox, inbox };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let n = 0;
      try {
        const now = Date.now();
        if (now - this.lastEpochCheck >= this.epochCheckMs) {
          await this.checkEpoch();
          this.lastEpochCheck = now;
        }
        if (this.pruneEveryMs > 0 && now - this.lastPrune >= this.pruneEveryMs) {
          this.lastPrune = now;
          await this.prune();
        }
        n = await this.publishBatch();
      } catch (err) {
        this.logger.error({ err: safeErrorMessage(err) }, 'outbox relay batch failed; retrying');
        await this.sleep(1000, false);
      }
      if (n < BATCH) await this.sleep(this.idleMs);
    }
  }

  /** Waits `ms`; a notification ends the wait early unless `wakeable` is false (only stop() does then). */
  private sleep(ms: number, wakeable = true): Promise<void> {
    if (!this.running || (wakeable && this.woken)) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.wake = undefined;
        this.woken = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = wakeable ? done : () => (this.running ? undefined : done());
    });
  }
}
