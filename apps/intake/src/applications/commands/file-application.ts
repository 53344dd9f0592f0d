// Filing an application, shared by the portal's SubmitApplication and the national EIA system's declarations
// (apps/intake/src/national-eia): the applicant's record and its acceptance case (the window's task), written in
// the caller's transaction.
import { EntityManager } from 'typeorm';
import { Actor, CaseRuntime } from '@permits/workflow-runtime';
import { shanghaiDate } from '@permits/workflow/calendar';
import { ACCEPTANCE_DEFINITION } from '../../acceptance/acceptance.effects';
import type { SubItemWithItem } from '../../catalog/catalog.service';
import { ApplicationRow, MaterialRef } from '../application.entity';

export interface ApplicationToFile {
  id: string;
  creditCode: string;
  applicantName: string;
  applicantUserId: string;
  sub: Pick<SubItemWithItem, 'code' | 'licenseType'>;
  project: Record<string, unknown>;
  materials: MaterialRef[];
  /** 'portal' or 'national-eia' */
  channel: string;
  idempotencyKey?: string | null;
  fingerprint?: string | null;
  /** When it arrived (its receipt date counts); defaults to `now`. */
  receivedAt?: Date;
  now: Date;
}

/** The new record of an application, status submitted, at intake. */
export function newApplicationRow(a: ApplicationToFile): ApplicationRow {
  return Object.assign(new ApplicationRow(), {
    id: a.id,
    creditCode: a.creditCode,
    applicantName: a.applicantName,
    applicantUserId: a.applicantUserId,
    subItemCode: a.sub.code,
    licenseType: a.sub.licenseType,
    project: { ...a.project },
    materials: a.materials.map((m) => ({ ...m })),
    status: 'submitted',
    owner: 'intake',
    channel: a.channel,
    idempotencyKey: a.idempotencyKey ?? null,
    fingerprint: a.fingerprint ?? null,
    receivedOn: shanghaiDate(a.receivedAt ?? a.now),
    acceptedOn: null,
    decidedAt: null,
    elapsedDays: null,
    daysSaved: null,
    withinCommitted: null,
    createdAt: a.now,
    updatedAt: a.now,
  });
}

/** Inserts the record and starts its acceptance case in `tx` (a unique-index clash throws to the caller). */
export async function fileApplication(tx: EntityManager, runtime: CaseRuntime, app: ApplicationRow, actor: Actor, correlationId: string): Promise<void> {
  await tx.getRepository(ApplicationRow).insert(app as never);
  await runtime.start(
    tx,
    { caseId: app.id, definition: ACCEPTANCE_DEFINITION, licenseType: app.licenseType, subItemCode: app.subItemCode, applicantCreditCode: app.creditCode, applicantUserId: app.applicantUserId, data: { subItemCode: app.subItemCode }, clock: null },
    actor,
    { correlationId, input: { subItemCode: app.subItemCode } },
  );
}
