import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { addNotice } from '@permits/persistence';
import { TimerKind, TimerRow, TimerService } from '@permits/workflow-runtime';
import { PenaltyRow } from '../entities';
import { PENALTY_PUBLICATION_TIMER, publicationDeadline } from './penalty-effects';

/**
 * The publication timer's kind: counted in working days from the decision, so a calendar year loaded later (a
 * holiday the bundled data did not know) moves it, and with it the penalty's `publish_by`, which the public list
 * and the alert show. Timers written before `decidedOn` was kept in their data stay where they are.
 */
export function penaltyPublicationKind(fire: TimerKind['fire']): TimerKind {
  return {
    kind: PENALTY_PUBLICATION_TIMER,
    fire,
    dueAgain(timer, calendar) {
      const { decidedOn } = timer.data as { decidedOn?: string };
      return decidedOn ? publicationDeadline(calendar, decidedOn).dueAt : timer.dueAt;
    },
    async moved(tx, timer, _dueAt, calendar) {
      const { decidedOn } = timer.data as { decidedOn?: string };
      if (!decidedOn) return;
      const { publishBy } = publicationDeadline(calendar, decidedOn);
      await tx.query(`UPDATE timers SET data = data || jsonb_build_object('publishBy', $2::text) WHERE id = $1`, [timer.id, publishBy]);
      await tx.getRepository(PenaltyRow).update({ id: timer.caseId, status: 'decided', publishedAt: IsNull() }, { publishBy });
    },
  };
}

/**
 * The publication deadline of a penalty decision (7 working days): when it passes unpublished, the
 * law-enforcement detachment and the heads get an `sla_red` alert, once (a durable timer).
 */
@Injectable()
export class PenaltyTimers implements OnModuleInit {
  constructor(private readonly timers: TimerService) {}

  onModuleInit(): void {
    this.timers.register(penaltyPublicationKind((tx, timer) => this.overdue(tx, timer)));
  }

  private async overdue(tx: EntityManager, timer: TimerRow): Promise<string> {
    const penalty = await tx.getRepository(PenaltyRow).findOne({ where: { id: timer.caseId }, lock: { mode: 'pessimistic_write' } });
    if (!penalty || penalty.status !== 'decided' || penalty.publishedAt) return 'stale';
    const correlationId = randomUUID();
    await addNotice(tx, {
      kind: 'sla_red',
      applicationId: penalty.id,
      correlationId,
      recipients: { depts: ['enforcement'], roles: ['head'] },
      data: { reason: 'penalty_decision_unpublished', publishBy: penalty.publishBy, creditCode: penalty.creditCode },
    });
    return 'alerted';
  }
}
