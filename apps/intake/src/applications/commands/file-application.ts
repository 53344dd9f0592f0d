// Filing an application, shared by the portal's SubmitApplication and the national EIA system's declarations
// (apps/intake/src/national-eia): the applicant's record and its acceptance case (the window's task), written in
// the caller's transaction.
import { EntityManager } from 'typeorm';
import type { LicenseType, RegistrationAction } from '@permits/contracts/enums';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { addNotice, addToOutbox, nextSeriesNumber } from '@permits/persistence';
import { Actor, AuditRecords, CaseRuntime } from '@permits/workflow-runtime';
import { shanghaiDate } from '@permits/workflow/calendar';
import { definitionForCase, EIA_CATEGORY_CHECK } from '@permits/workflow/definitions';
import { ACCEPTANCE_DEFINITION } from '../../acceptance/acceptance.effects';
import { caseData } from '../../acceptance/case-data';
import type { SubItemWithItem } from '../../catalog/catalog.service';
import { ApplicationRow, MaterialRef } from '../application.entity';
import { announceRenewal, isRegisterRenewal } from '../../renewals/renewal-filings';

/** The sub-item facts filing needs. */
export type SubItemToFile = Pick<SubItemWithItem, 'code' | 'licenseType' | 'kind' | 'statutoryLimit' | 'extra'>;

/** DOMAIN.md "Filings whose limit is 0": answered at once, no acceptance step, no clock. */
export const answeredAtOnce = (sub: Pick<SubItemWithItem, 'kind' | 'statutoryLimit'>): boolean => sub.kind === 'filing' && sub.statutoryLimit.days === 0;

/** Number series of filings answered at once: discharge registrations in the register's DJ series; EIA registration forms BA (备案). */
const FILING_SERIES: Partial<Record<LicenseType, string>> = { discharge_permit: 'DJ', eia_approval: 'BA' };

/** What a discharge registration filing does: the first registration unless it names one to change or cancel. */
export const registrationAction = (project: Record<string, unknown>): RegistrationAction =>
  (project.registrationAction as RegistrationAction | undefined) ?? 'first';

export interface ApplicationToFile {
  id: string;
  creditCode: string;
  applicantName: string;
  applicantUserId: string;
  sub: SubItemToFile;
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
    committedDaysInForce: null,
    filingNo: null,
    createdAt: a.now,
    updatedAt: a.now,
  });
}

/** Files a new application's record in `tx`, on the way its sub-item and its origin call for. */
export type FileCase = (
  tx: EntityManager,
  runtime: CaseRuntime,
  app: ApplicationRow,
  sub: SubItemToFile,
  actor: Actor,
  correlationId: string,
  records: AuditRecords,
) => Promise<void>;

/**
 * Inserts the record and, in `tx`: answers a filing whose limit is 0 at once, or starts the acceptance case of
 * anything else (a unique-index clash throws to the caller). A sub-item whose accepted case would have no workflow
 * is refused here, before anything is written: an accepted case must never wait for a workflow that does not exist.
 */
export const fileApplication: FileCase = async (tx, runtime, app, sub, actor, correlationId, records) => {
  if (answeredAtOnce(sub)) {
    await fileAtOnce(tx, app, sub, correlationId);
    return records.write(tx, 'application', app.id, 'filed', actor.id);
  }
  const facts = caseData(app, sub, false);
  if (!definitionForCase(sub.licenseType, facts))
    throw new Error(`catalog sub-item ${sub.code} (${sub.licenseType}, ${sub.kind}) has no workflow definition: refusing to accept a case nobody could handle`);
  await tx.getRepository(ApplicationRow).insert(app as never);
  await records.write(tx, 'application', app.id, 'submitted', actor.id);
  // the register learns of a renewal at once, so its licence's end finds it wherever it stands (art. 50)
  if (isRegisterRenewal(sub, app.project)) await announceRenewal(tx, app, correlationId);
  await runtime.start(
    tx,
    {
      caseId: app.id,
      definition: ACCEPTANCE_DEFINITION,
      licenseType: app.licenseType,
      subItemCode: app.subItemCode,
      applicantCreditCode: app.creditCode,
      applicantUserId: app.applicantUserId,
      data: { subItemCode: app.subItemCode },
      clock: null,
    },
    actor,
    { correlationId, input: { subItemCode: app.subItemCode } },
  );
};

/**
 * A filing answered at once: approved on submission with its filing number, no task, no clock. The number is
 * allocated here, in the submission's transaction (a change or cancellation of a discharge registration keeps the
 * registration's number); a discharge registration goes to the register through the outbox, so it is recorded
 * exactly once even if a process dies, and never by a synchronous write into another service.
 */
async function fileAtOnce(tx: EntityManager, app: ApplicationRow, sub: SubItemToFile, correlationId: string): Promise<void> {
  const series = FILING_SERIES[sub.licenseType];
  if (!series) throw new Error(`catalog sub-item ${sub.code}: no filing number series for ${sub.licenseType}`);
  const action = sub.licenseType === 'discharge_permit' ? registrationAction(app.project) : 'first';
  const filingNo = action === 'first' ? await nextFilingNo(tx, series, Number(app.receivedOn.slice(0, 4))) : String(app.project.permitNo);
  Object.assign(app, { status: 'approved', filingNo, acceptedOn: app.receivedOn, decidedAt: app.createdAt });
  await tx.getRepository(ApplicationRow).insert(app as never);
  await afterFiledAtOnce(tx, app, sub, filingNo, action, correlationId);
}

/**
 * A national declaration whose EIA category the directory does not allow for its industry: recorded, and its case
 * starts at the EIA section's category review (EIA_CATEGORY_CHECK) instead of being filed at once or going to the
 * window. `answeredAtOnce` routes a confirmed registration form to its filing (fileConfirmedAtOnce).
 */
export const fileForCategoryReview: FileCase = async (tx, runtime, app, sub, actor, correlationId, records) => {
  const atOnce = answeredAtOnce(sub);
  if (!atOnce && !definitionForCase(sub.licenseType, caseData(app, sub, false)))
    throw new Error(`catalog sub-item ${sub.code} (${sub.licenseType}, ${sub.kind}) has no workflow definition: refusing to accept a case nobody could handle`);
  await tx.getRepository(ApplicationRow).insert(app as never);
  await records.write(tx, 'application', app.id, 'submitted', actor.id);
  const data = { subItemCode: app.subItemCode, answeredAtOnce: atOnce };
  await runtime.start(
    tx,
    {
      caseId: app.id,
      definition: EIA_CATEGORY_CHECK,
      licenseType: app.licenseType,
      subItemCode: app.subItemCode,
      applicantCreditCode: app.creditCode,
      applicantUserId: app.applicantUserId,
      data,
      clock: null,
    },
    actor,
    { correlationId, input: data },
  );
};

/**
 * The EIA section confirmed the category of a declared registration form: it is filed now, as it would have been
 * on arrival (its number allocated in the confirming transaction). Its acceptance and decision are today's.
 */
export async function fileConfirmedAtOnce(tx: EntityManager, app: ApplicationRow, sub: SubItemToFile, now: Date, correlationId: string): Promise<string> {
  const series = FILING_SERIES[sub.licenseType];
  if (!series) throw new Error(`catalog sub-item ${sub.code}: no filing number series for ${sub.licenseType}`);
  const filingNo = await nextFilingNo(tx, series, Number(shanghaiDate(now).slice(0, 4)));
  Object.assign(app, { status: 'approved', filingNo, acceptedOn: shanghaiDate(now), decidedAt: now, updatedAt: now });
  await tx.getRepository(ApplicationRow).update({ id: app.id }, { status: 'approved', filingNo, acceptedOn: app.acceptedOn, decidedAt: now, updatedAt: now });
  await afterFiledAtOnce(tx, app, sub, filingNo, 'first', correlationId);
  return filingNo;
}

async function afterFiledAtOnce(
  tx: EntityManager,
  app: ApplicationRow,
  sub: SubItemToFile,
  filingNo: string,
  action: RegistrationAction,
  correlationId: string,
): Promise<void> {
  if (sub.licenseType === 'discharge_permit') {
    await addToOutbox(
      tx,
      Queues.DischargePermit,
      Jobs.RegistrationFiled,
      {
        applicationId: app.id,
        correlationId,
        registrationNo: filingNo,
        action,
        applicant: { creditCode: app.creditCode, name: app.applicantName, userId: app.applicantUserId },
        filedOn: app.receivedOn,
        project: Object.fromEntries(['name', 'location', 'changes'].filter((k) => app.project[k] !== undefined).map((k) => [k, app.project[k]])),
      },
      { correlationId },
    );
  }
  await addNotice(tx, {
    kind: 'decision',
    applicationId: app.id,
    correlationId,
    recipients: { creditCodes: [app.creditCode] },
    data: { result: 'approved', filingNo },
  });
}

/** The next number of an intake filing series, `DJ-2026-000001` (libs/persistence's nextSeriesNumber). */
function nextFilingNo(tx: EntityManager, series: string, year: number): Promise<string> {
  return nextSeriesNumber(tx, 'filing_number_series', series, year);
}
