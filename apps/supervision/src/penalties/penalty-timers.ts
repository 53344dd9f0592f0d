import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addToOutbox } from '@permits/persistence';
import { TimerRow, TimerService } from '@permits/workflow-runtime';
import { PenaltyRow } from '../entities';
import { PENALTY_PUBLICATION_TIMER } from './penalty-effects';

/**
 * The publication deadline of a penalty decision (7 working days): when it passes unpublished, the
 * law-enforcement detachment and the heads get an `sla_red` alert, once (a durable timer).
 */
@Injectable()
export class PenaltyTimers implements OnModuleInit {
  constructor(private readonly timers: TimerService) {}

  onModuleInit(): void {
    this.timers.register({ kind: PENALTY_PUBLICATION_TIMER, fire: (tx, timer) => this.overdue(tx, timer) });
  }

  private async overdue(tx: EntityManager, timer: TimerRow): Promise<string> {
    const penalty = await tx.getRepository(PenaltyRow).findOne({ where: { id: timer.caseId }, lock: { mode: 'pessimistic_write' } });
    if (!penalty || penalty.status !== 'decided' || penalty.publishedAt) return 'stale';
    const correlationId = randomUUID();
    await addToOutbox(
      tx,
      Queues.Notification,
      Jobs.Notify,
      {
        kind: 'sla_red',
        applicationId: penalty.id,
        correlationId,
        recipients: { depts: ['enforcement'], roles: ['head'] },
        data: { reason: 'penalty_decision_unpublished', publishBy: penalty.publishBy, creditCode: penalty.creditCode },
      },
      { correlationId },
    );
    return 'alerted';
  }
}
