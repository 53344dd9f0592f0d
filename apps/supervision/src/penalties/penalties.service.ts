import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole, isStaff } from '@permits/auth';
import { Clock } from '@permits/clock';
import { SupervisionConfig } from '@permits/config';
import { shanghaiDate } from '@permits/workflow/calendar';
import { CaseRow, CaseRuntime } from '@permits/workflow-runtime';
import { PenaltyRow, Sanction } from '../entities';
import { ProposalDto } from './dto';
import { DomainError, notFound } from '@permits/core';

/** Statements one penalty takes from its enterprise (a defence is a few documents, not a stream). */
export const MAX_STATEMENTS = 20;
/** The steps at which the enterprise has been told and may still speak (API.md "Supervision"). */
const NOTICE_STEPS = ['statement_period', 'hearing_period'];

/** A penalty as the API shows it; the enterprise sees the proposal once it has been told of it. */
export function penaltyView(p: PenaltyRow, staff: boolean) {
  const told = p.statementDue !== null;
  return {
    id: p.id,
    caseId: p.id,
    source: p.source,
    checkId: p.checkId,
    alarmId: p.alarmId,
    creditCode: p.creditCode,
    enterpriseName: p.enterpriseName,
    status: p.status,
    facts: staff || told ? p.facts : null,
    legalBasis: staff || told ? p.legalBasis : null,
    sanction: staff || told ? p.sanction : null,
    statementDue: p.statementDue,
    hearingDue: p.hearingDue,
    hearingRequested: p.hearingRequested,
    statements: p.statements ?? [],
    decisionNo: p.decisionNo,
    decidedOn: p.decidedOn,
    publishBy: p.publishBy,
    publishedOn: p.publishedAt ? shanghaiDate(p.publishedAt) : null,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    publishedOnTime: p.publishedAt && p.publishBy ? shanghaiDate(p.publishedAt) <= p.publishBy : null,
    ...(staff ? { investigators: p.investigators, decidedBy: p.decidedBy } : {}),
  };
}

/** What the public reads of a published penalty decision (API.md "Public information"). */
export function publicPenaltyView(p: PenaltyRow) {
  return {
    enterpriseName: p.enterpriseName ?? p.creditCode,
    creditCode: p.creditCode,
    facts: p.facts,
    legalBasis: p.legalBasis,
    sanction: p.sanction,
    decisionNo: p.decisionNo,
    decidedOn: p.decidedOn,
    publishedOn: p.publishedAt ? shanghaiDate(p.publishedAt) : null,
  };
}

/**
 * Penalty cases (Administrative Penalty Law 2021): the legal section's proposal, the enterprise's statements
 * and hearing request, publication. Each writes its row and the case's audit entry in one transaction
 * (CaseRuntime.record); the task steps (reviews, votes, decision) go through the task API and penalty-rules.ts.
 */
@Injectable()
export class PenaltiesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly config: SupervisionConfig,
  ) {}

  /** A penalty the caller may see: staff all; an enterprise its own (404 otherwise). */
  async visible(user: AuthUser, id: string): Promise<PenaltyRow> {
    const p = await this.db.getRepository(PenaltyRow).findOne({ where: { id } });
    if (!p || (!isStaff(user) && !hasRole(user, 'auditor') && p.creditCode !== user.creditCode)) throw notFound('penalty');
    return p;
  }

  /** The legal section's proposal, while its legal review is open: facts, legal basis, sanction. */
  async propose(user: AuthUser, id: string, body: ProposalDto, correlationId: string) {
    if (user.dept !== 'legal' || !hasRole(user, 'officer', 'head')) throw new DomainError('FORBIDDEN', 'the legal affairs section proposes a penalty');
    const sanction: Sanction = { kind: body.sanction.kind, amountYuan: body.sanction.kind === 'fine' ? (body.sanction.amountYuan ?? null) : null };
    if (body.sanction.kind !== 'fine' && body.sanction.amountYuan != null) throw new DomainError('INVALID_INPUT', 'sanction.amountYuan goes with a fine only');
    const hearingEligible = sanction.kind === 'fine' && (sanction.amountYuan ?? 0) >= this.config.HEARING_THRESHOLD_YUAN;
    return this.onCase(id, async (tx, p, row) => {
      if (row.state.currentStepId !== 'legal_review' || row.state.status !== 'running')
        throw new DomainError('INVALID_TRANSITION', 'a proposal is made during the legal review');
      const proposal = { facts: body.facts, legalBasis: body.legalBasis, sanction };
      await tx.getRepository(PenaltyRow).update({ id }, { ...proposal, proposedBy: user.id });
      await this.runtime.record(tx, row, this.actor(user), 'penalty_proposed', { correlationId, input: { ...proposal, hearingEligible } }, { hearingEligible });
      return { ...p, ...proposal, proposedBy: user.id };
    }).then((p) => penaltyView(p, true));
  }

  /** The enterprise states its defence (own enterprise, by the statement's last day, while it has been told). */
  async statement(user: AuthUser, id: string, text: string, correlationId: string) {
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    return this.onCase(id, async (tx, p, row) => {
      if (!this.ownEnterprise(user, p)) throw notFound('penalty');
      if (!p.statementDue || !NOTICE_STEPS.includes(row.state.currentStepId) || row.state.status !== 'running')
        throw new DomainError('INVALID_TRANSITION', 'statements are taken between the notice and the end of the statement period');
      if (today > p.statementDue) throw new DomainError('INVALID_TRANSITION', `the statement period ended on ${p.statementDue}`);
      if ((p.statements ?? []).length >= MAX_STATEMENTS) throw new DomainError('CONFLICT', `a penalty takes at most ${MAX_STATEMENTS} statements`);
      const statements = [...(p.statements ?? []), { at: now.toISOString(), by: user.id, text }];
      await tx.getRepository(PenaltyRow).update({ id }, { statements });
      await this.runtime.record(tx, row, this.actor(user), 'statement_filed', { correlationId, input: { text } });
      return { ...p, statements };
    }).then((p) => penaltyView(p, false));
  }

  /** The enterprise asks for a hearing: a fine of at least HEARING_THRESHOLD_YUAN, within 5 working days of the notice. */
  async hearing(user: AuthUser, id: string, correlationId: string) {
    const today = shanghaiDate(await this.clock.now());
    return this.onCase(id, async (tx, p, row) => {
      if (!this.ownEnterprise(user, p)) throw notFound('penalty');
      if (p.hearingRequested) throw new DomainError('CONFLICT', 'a hearing was requested');
      if (!p.hearingDue || row.state.currentStepId !== 'hearing_period' || row.state.status !== 'running') {
        throw new DomainError(
          'INVALID_TRANSITION',
          `a hearing is asked for a fine of at least ${this.config.HEARING_THRESHOLD_YUAN} yuan, after the notice and within its period`,
        );
      }
      if (today > p.hearingDue) throw new DomainError('INVALID_TRANSITION', `the period to ask for a hearing ended on ${p.hearingDue}`);
      await tx.getRepository(PenaltyRow).update({ id }, { hearingRequested: true });
      await this.runtime.record(tx, row, this.actor(user), 'hearing_requested', { correlationId, input: {} }, { hearingRequested: true });
      return { ...p, hearingRequested: true };
    }).then((p) => penaltyView(p, false));
  }

  /** Publishes a decided penalty (a head of enforcement, or admin), with its audit entry. */
  async publish(user: AuthUser, id: string, correlationId: string) {
    if (!(hasRole(user, 'admin') || (hasRole(user, 'head') && user.dept === 'enforcement')))
      throw new DomainError('FORBIDDEN', 'only a head of enforcement, or an admin, publishes a penalty decision');
    const now = await this.clock.now();
    return this.onCase(id, async (tx, p, row) => {
      if (p.status !== 'decided') throw new DomainError('CONFLICT', `penalty ${id} is ${p.status}: only a decided penalty is published`);
      if (p.publishedAt) throw new DomainError('CONFLICT', `penalty ${id} was published`);
      await tx.getRepository(PenaltyRow).update({ id }, { publishedAt: now, publishedBy: user.id });
      const published = { ...p, publishedAt: now, publishedBy: user.id };
      await this.runtime.record(tx, row, this.actor(user), 'penalty_published', { correlationId, input: publicPenaltyView(published) });
      return published;
    }).then((p) => penaltyView(p, true));
  }

  private ownEnterprise(user: AuthUser, p: PenaltyRow): boolean {
    return hasRole(user, 'applicant') && !!user.creditCode && user.creditCode === p.creditCode;
  }

  private actor(user: AuthUser) {
    return { id: user.id, roles: user.roles, dept: user.dept };
  }

  /** The penalty and its case, both locked, in one transaction. */
  private onCase(id: string, fn: (tx: EntityManager, p: PenaltyRow, row: CaseRow) => Promise<PenaltyRow>): Promise<PenaltyRow> {
    return this.db.transaction(async (tx) => {
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
      const p = await tx.getRepository(PenaltyRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!p || !row) throw notFound('penalty');
      return fn(tx, p, row);
    });
  }
}
