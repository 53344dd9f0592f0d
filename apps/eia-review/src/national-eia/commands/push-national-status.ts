import { Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { EiaReviewWorkerConfig } from '@permits/config';
import { NationalEiaStatusV1 } from '@permits/contracts/jobs';
import { claimInbox } from '@permits/persistence';
import { JobMeta } from '@permits/queue';
import { DeclarationRow } from '../declaration.entity';
import { nationalStatusOf } from '../declaration.mapper';
import { signedHeaders } from '../signature';

/** How long one push may take before it counts as failed (and is retried). */
export const PUSH_TIMEOUT_MS = 10_000;

/** An application's status changed: the national EIA system is told (national-eia.status.v1). */
export class PushNationalStatus extends Command<void> {
  constructor(
    readonly payload: NationalEiaStatusV1,
    readonly meta: JobMeta,
  ) {
    super();
  }
}

/**
 * Tells the national EIA system an application's new status: POST {NATIONAL_EIA_BASE_URL}/status with
 * { declarationId, status, at }, signed like its requests to us (fresh timestamp and nonce on every attempt).
 * Anything but a 2xx throws, and BullMQ retries the job with backoff (libs/queue, for up to MESSAGE_RETENTION_HOURS); the job lives
 * in Redis and its outbox row in Postgres, so a restart loses nothing. A push may arrive twice (a crash after the
 * POST, before BullMQ records success); `at` makes that harmless for the national side (see status-push.ts).
 */
@CommandHandler(PushNationalStatus)
export class PushNationalStatusHandler implements ICommandHandler<PushNationalStatus> {
  private readonly logger = new Logger(PushNationalStatusHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: EiaReviewWorkerConfig,
  ) {}

  async execute({ payload: p, meta }: PushNationalStatus): Promise<void> {
    const base = this.config.NATIONAL_EIA_BASE_URL;
    if (!base) {
      this.logger.warn(
        { applicationId: p.applicationId, status: p.status, messageId: meta.messageId },
        'NATIONAL_EIA_BASE_URL is not set: status push dropped',
      );
      return;
    }
    // a push the national system accepted is recorded in the inbox: the same message again (a Redis loss makes
    // the relay publish its window again) is not pushed twice
    if ((await this.db.query(`SELECT 1 FROM inbox WHERE message_id = $1`, [meta.messageId])).length > 0) return;
    const declaration = await this.db.getRepository(DeclarationRow).findOne({ where: { applicationId: p.applicationId }, select: { declarationId: true } });
    if (!declaration) throw new UnrecoverableError(`no national EIA declaration for application ${p.applicationId}`);
    const body = JSON.stringify({ declarationId: declaration.declarationId, status: nationalStatusOf(p.status), at: p.at });
    const res = await fetch(`${base.replace(/\/+$/, '')}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(this.config.NATIONAL_EIA_SECRET, body, await this.clock.now()) },
      body,
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      redirect: 'manual', // a redirect is not an answer: retried like any non-2xx
    });
    await res.arrayBuffer().catch(() => undefined); // read the answer so the connection is reused
    if (!res.ok)
      throw new Error(
        `the national EIA system answered ${res.status} to the ${p.status} push of declaration ${declaration.declarationId} (attempt ${meta.attemptsMade + 1})`,
      );
    await this.db.transaction((tx) => claimInbox(tx, meta.messageId, meta.jobName));
  }
}
