import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '@permits/http';
import { QueueClient } from '@permits/queue';
import { NotificationRow } from '../notifications/notification.entity';
import { DEAD_LETTER_QUEUES } from './dead-letter.queries';
import { DeliveryRow } from './delivery.entity';

/**
 * Notification figures for /metrics, read from PostgreSQL and BullMQ when scraped: they hold across
 * restarts and replicas, and the worker keeps no counter of its own (`notifications_stored` is the count).
 */
@Injectable()
export class DeliveryMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly db: DataSource,
    private readonly queues: QueueClient,
  ) {}

  onModuleInit(): void {
    const db = this.db;
    const queues = this.queues;
    new Gauge({
      name: 'notifications_stored',
      help: 'In-app notifications stored, by kind',
      labelNames: ['kind'],
      registers: [this.metrics.registry],
      async collect() {
        const rows = await db
          .getRepository(NotificationRow)
          .createQueryBuilder('n')
          .select('n.kind', 'kind')
          .addSelect('count(*)::int', 'n')
          .groupBy('n.kind')
          .getRawMany<{ kind: string; n: number }>();
        this.reset();
        for (const r of rows) this.set({ kind: r.kind }, r.n);
      },
    });
    new Gauge({
      name: 'notification_deliveries',
      help: 'E-mail and SMS deliveries by channel and status (pending, sent, failed = dead letter)',
      labelNames: ['channel', 'status'],
      registers: [this.metrics.registry],
      async collect() {
        const rows = await db
          .getRepository(DeliveryRow)
          .createQueryBuilder('d')
          .select('d.channel', 'channel')
          .addSelect('d.status', 'status')
          .addSelect('count(*)::int', 'n')
          .groupBy('d.channel')
          .addGroupBy('d.status')
          .getRawMany<{ channel: string; status: string; n: number }>();
        this.reset();
        for (const channel of ['email', 'sms'])
          for (const status of ['pending', 'sent', 'failed'])
            this.set({ channel, status }, rows.find((r) => r.channel === channel && r.status === status)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'notification_dead_letters',
      help: 'Notification jobs failed for good, by queue',
      labelNames: ['queue'],
      registers: [this.metrics.registry],
      async collect() {
        for (const q of DEAD_LETTER_QUEUES) this.set({ queue: q }, await queues.queue(q).getFailedCount());
      },
    });
  }
}
