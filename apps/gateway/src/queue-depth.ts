import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QUEUE_NAMES } from '@permits/contracts/jobs';
import { GatewayConfig } from '@permits/config';
import { Metrics } from '@permits/http';
import { QueueClient } from '@permits/queue';

/** Queue depths and dead letters, read from BullMQ when /metrics is scraped. */
@Injectable()
export class QueueDepth implements OnModuleDestroy {
  readonly client: QueueClient;
  private readonly gauge: Gauge<'queue' | 'state'>;

  constructor(config: GatewayConfig, metrics: Metrics) {
    this.client = new QueueClient(config.redisTarget(), config.REDIS_PREFIX);
    this.gauge = new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs by queue and state (failed = dead letters)',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
    });
  }

  async refresh(): Promise<void> {
    await Promise.all(
      QUEUE_NAMES.map(async (q) => {
        const counts = await this.client.queue(q).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.gauge.set({ queue: q, state }, n);
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }
}
