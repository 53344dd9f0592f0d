import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobDef, ScheduleTickV1 } from '@permits/contracts/jobs';
import { JobHandler } from '@permits/queue';
import { AnchorFileMismatch, AuditStore } from './audit-store';
import { safeErrorMessage } from '@permits/core';

export const AUDIT_ANCHOR_SECONDS = Symbol('AUDIT_ANCHOR_SECONDS');

/**
 * A case service's worker, every AUDIT_ANCHOR_SECONDS (the job scheduler `schedule.audit-anchor.v1` of the service's
 * queue: one job per period for all replicas): anchors the chain heads (an anchor is only written when a case
 * changed; one writer per schema at a time under an advisory lock, so an extra tick is harmless).
 */
export class AuditAnchorHandler implements JobHandler<ScheduleTickV1> {
  readonly everyMs: number;

  constructor(
    readonly job: JobDef<ScheduleTickV1>,
    private readonly store: AuditStore,
    seconds: number,
  ) {
    this.everyMs = seconds * 1000;
  }

  async handle(): Promise<void> {
    await this.store.anchor(new Date());
  }
}

/**
 * A case service's worker at start: checks that the anchor file is this database's (another database's file
 * stops the process with one line, exit 78, like a configuration error), re-keys chains written before keying
 * and adopts records written before their coverage (both only before the first anchor), then anchors once;
 * the periodic anchors are AuditAnchorHandler's.
 */
@Injectable()
export class AuditAnchorHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchorHost');
  private current: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly store: AuditStore) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.store.checkAnchorFile();
    } catch (err) {
      if (err instanceof AnchorFileMismatch) {
        process.stderr.write(`${err.message}\n`);
        process.exit(78); // EX_CONFIG, as libs/config's exitOnConfigError
        return;
      }
      // the database not reachable yet: the worker starts; every anchor checks the file's database again
      this.logger.error({ err: safeErrorMessage(err) }, 'audit anchor file not checked at start; each anchor checks it');
    }
    this.run('start', async () => {
      await this.store.rekeyLegacy();
      await this.store.adoptRecords(new Date());
      await this.store.anchor(new Date());
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.current.catch(() => undefined);
    await this.store.idle();
  }

  private run(why: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    // one at a time: shutdown waits for it
    this.current = this.current
      .then(() => (this.stopped ? undefined : work()))
      .catch((err: Error) => this.logger.error({ err: safeErrorMessage(err), why }, 'audit anchoring failed; the next tick retries'));
  }
}
