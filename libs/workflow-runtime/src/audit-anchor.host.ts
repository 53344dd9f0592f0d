import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditStore } from './audit-store';
import { safeErrorMessage } from '@permits/http';

export const AUDIT_ANCHOR_SECONDS = Symbol('AUDIT_ANCHOR_SECONDS');

/**
 * A case service's worker: at start re-keys chains written before keying, then anchors the chain heads
 * every AUDIT_ANCHOR_SECONDS (an anchor is only written when a case changed; one writer per schema at a
 * time under an advisory lock, so a second worker is harmless).
 */
@Injectable()
export class AuditAnchorHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchorHost');
  private interval?: NodeJS.Timeout;
  private current: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: AuditStore,
    private readonly seconds: number,
  ) {}

  onApplicationBootstrap(): void {
    this.run('start', async () => {
      await this.store.rekeyLegacy();
      await this.store.anchor(new Date());
    });
    this.interval = setInterval(() => this.run('anchor', () => this.store.anchor(new Date())), this.seconds * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    await this.current.catch(() => undefined);
    await this.store.idle();
  }

  private run(why: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    // one at a time: a slow anchor is not overtaken by the next tick
    this.current = this.current.then(() => (this.stopped ? undefined : work())).catch((err: Error) => this.logger.error({ err: safeErrorMessage(err), why }, 'audit anchoring failed; the next tick retries'));
  }
}
