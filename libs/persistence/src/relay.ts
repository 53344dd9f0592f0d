import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueName } from '@permits/contracts/jobs';
import { QueueClient } from '@permits/queue';
import { OutboxRow } from './outbox.entity';

const BATCH = 200;

/**
 * Publishes outbox rows to BullMQ (jobId = outbox id) and marks them published, in a transaction that
 * holds the rows with FOR UPDATE SKIP LOCKED, so several relays never publish the same row at once.
 * A crash between publishing and marking re-publishes the row later: BullMQ drops a job whose id it
 * still holds, and every consumer's inbox drops the rest.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  published = 0;

  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueClient,
    private readonly idleMs = 50,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
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
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of rows) byQueue.set(r.queue as QueueName, [...(byQueue.get(r.queue as QueueName) ?? []), r]);
      for (const [queue, list] of byQueue) {
        await this.queues.queue(queue).addBulk(
          list.map((r) => ({
            name: r.jobName,
            data: { ...r.payload, correlationId: (r.payload as { correlationId?: string }).correlationId ?? r.correlationId ?? undefined },
            opts: { jobId: r.id, delay: r.delay > 0 ? r.delay : undefined },
          })),
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

  private async run(): Promise<void> {
    while (this.running) {
      let n = 0;
      try {
        n = await this.publishBatch();
      } catch (err) {
        this.logger.error({ err }, 'outbox relay batch failed; retrying');
        await this.sleep(1000);
      }
      if (n < BATCH) await this.sleep(this.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
