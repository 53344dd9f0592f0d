import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { newClock, startClock } from '@permits/workflow/clock';
import { SUPERVISION_PENALTY_V2 } from '@permits/workflow/definitions';
import { rowValues } from '@permits/persistence';
import { Actor, CaseContext, CaseRuntime } from '@permits/workflow-runtime';
import { EntityHistoryRow, PenaltyRow, RegulatedEntityRow } from '../entities';

/** Days from filing to decision (Administrative Penalty Law art. 60: 90 days). */
export const PENALTY_LIMIT_DAYS = 90;
export const SUPERVISION_SYSTEM: Actor = { id: 'system:supervision', roles: ['admin'] };

export interface PenaltySource {
  source: 'check' | 'alarm';
  checkId?: string;
  alarmId?: string;
  creditCode: string;
  /** Who investigated: never a voter or the decider of this penalty (art. 42). */
  investigators: string[];
  /** What the investigation found (the legal section's proposal states the facts). */
  findings: string | null;
}

/**
 * Opens a penalty case for a violation (a check's or a confirmed alarm's), in the caller's transaction: the
 * penalty row, its case on the current penalty definition, and the entity's open violation (off the positive
 * list until the case closes).
 */
export async function openPenalty(tx: EntityManager, runtime: CaseRuntime, now: Date, today: string, src: PenaltySource, ctx: CaseContext): Promise<string> {
  const id = randomUUID();
  const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: src.creditCode }, lock: { mode: 'pessimistic_write' } });
  await tx.getRepository(PenaltyRow).insert(
    rowValues<PenaltyRow>(
      Object.assign(new PenaltyRow(), {
        id,
        checkId: src.checkId ?? null,
        alarmId: src.alarmId ?? null,
        source: src.source,
        creditCode: src.creditCode,
        enterpriseName: entity?.name ?? null,
        investigators: [...new Set(src.investigators)],
        status: 'open',
        facts: null,
        legalBasis: null,
        sanction: null,
        proposedBy: null,
        statementDue: null,
        hearingDue: null,
        hearingRequested: false,
        statements: [],
        decisionNo: null,
        decidedBy: null,
        decidedOn: null,
        publishBy: null,
        publishedAt: null,
        publishedBy: null,
        createdAt: now,
      }),
    ),
  );
  const data = { source: src.source, checkId: src.checkId ?? null, alarmId: src.alarmId ?? null, findings: src.findings };
  const clock = startClock(newClock({ days: PENALTY_LIMIT_DAYS, unit: 'calendar' }, { days: PENALTY_LIMIT_DAYS, unit: 'calendar' }), today);
  await runtime.start(
    tx,
    {
      caseId: id,
      definition: SUPERVISION_PENALTY_V2,
      licenseType: 'other',
      subItemCode: 'supervision-penalty',
      applicantCreditCode: src.creditCode,
      applicantUserId: SUPERVISION_SYSTEM.id,
      data,
      clock,
    },
    SUPERVISION_SYSTEM,
    { correlationId: ctx.correlationId || id, input: { ...data } },
  );
  if (entity) {
    await tx.getRepository(RegulatedEntityRow).update({ creditCode: entity.creditCode }, { openViolations: entity.openViolations + 1, updatedAt: now });
    await tx.getRepository(EntityHistoryRow).insert(
      rowValues<EntityHistoryRow>({
        creditCode: entity.creditCode,
        at: now,
        actor: 'system:penalty',
        action: 'penalty_opened',
        detail: { penaltyId: id, source: src.source, checkId: src.checkId ?? null, alarmId: src.alarmId ?? null },
      }),
    );
  }
  return id;
}
