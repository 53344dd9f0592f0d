import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '@permits/auth';
import { isValidCreditCode } from '@permits/contracts/credit-code';
import { CaseRow, CaseworkQueries } from '@permits/workflow-runtime';
import { CatalogService } from '../catalog/catalog.service';
import { ApplicationRow } from './application.entity';
import { ApplicationListQuery } from './dto';
import { notFound, keysetPage } from '@permits/core';
import { apiChannel } from '../counter/counter';
import { RatingRow } from '../ratings/rating.entity';
import { ratingAnswer } from '../ratings/commands/rate-application';

/** What `q` searches: project name and code, applicant name and credit code, lower-cased, one per line. */
export const APPLICATION_SEARCH_TEXT = `lower(coalesce(a.project->>'name', '') || E'\\n' || coalesce(a.project->>'code', '') || E'\\n' || a.applicant_name || E'\\n' || a.credit_code)`;

/** A national project code typed whole (year-division-industry-type-serial: what the portal accepts, a 5-digit serial as the national EIA platform sends it). */
const WHOLE_PROJECT_CODE = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{5,6}$/;

const seesAll = (u: AuthUser) => isStaff(u) || u.roles.includes('auditor');

@Injectable()
export class ApplicationQueries {
  constructor(
    private readonly db: DataSource,
    private readonly casework: CaseworkQueries,
    private readonly catalog: CatalogService,
  ) {}

  async list(user: AuthUser, q: ApplicationListQuery) {
    const qb = this.db.getRepository(ApplicationRow).createQueryBuilder('a');
    if (!seesAll(user)) qb.andWhere('a.credit_code = :cc', { cc: user.creditCode ?? '' });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.licenseType) qb.andWhere('a.license_type = :lt', { lt: q.licenseType });
    if (q.from) qb.andWhere('a.created_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.created_at < :to', { to: q.to });
    if (q.q) {
      const whole = q.q.trim().toUpperCase();
      // A whole unified social credit code (its check character right) is looked up, not searched: the
      // applicant index answers it in a millisecond, where the trigrams it shares with every code of the
      // region cost the GIN index thousands of pages at a million applications (README, Performance).
      if (isValidCreditCode(whole)) qb.andWhere('a.credit_code = :qcc', { qcc: whole });
      // so is a whole national project code (its partial B-tree `applications_by_project_code`)
      else if (WHOLE_PROJECT_CODE.test(whole)) qb.andWhere(`a.project->>'code' = :qpc`, { qpc: whole });
      // the expression of the trigram index `applications_search` (migration ApplicationSearch), word for word
      else qb.andWhere(`${APPLICATION_SEARCH_TEXT} LIKE :like ESCAPE '\\'`, { like: `%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    const page = await keysetPage(qb, q, 'a.created_at', 'a.id', (a) => [a.createdAt, a.id]);
    return {
      items: page.items.map((a) => ({
        id: a.id,
        status: a.status,
        licenseType: a.licenseType,
        subItemCode: a.subItemCode,
        applicant: { creditCode: a.creditCode, name: a.applicantName },
        projectName: a.project.name,
        channel: apiChannel(a.channel),
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Intake's view of an application; once handed over, the gateway adds the owner's tasks, history and clock. */
  async detail(user: AuthUser, id: string) {
    const app = await this.db.getRepository(ApplicationRow).findOne({ where: { id } });
    if (!app || (!seesAll(user) && app.creditCode !== user.creditCode)) throw notFound('application');
    const row = await this.db.getRepository(CaseRow).findOne({ where: { id } });
    // a filing answered at once has no case: what happened is that it was filed
    const view = row
      ? await this.casework.view(row, user)
      : { openTasks: [], history: app.filingNo ? [{ at: app.createdAt.toISOString(), actor: app.applicantUserId, action: 'filed' }] : [] };
    const sub = await this.catalog.subItem(app.subItemCode).catch(() => null);
    const rating = await this.db.getRepository(RatingRow).findOne({ where: { applicationId: id } });
    const atIntake = app.owner === 'intake';
    // A national declaration's classification check (eia-review) is for staff; the applicant sees the project as filed.
    const { classificationCheck, ...filed } = app.project;
    return {
      id: app.id,
      status: app.status,
      licenseType: app.licenseType,
      subItemCode: app.subItemCode,
      applicant: { creditCode: app.creditCode, name: app.applicantName },
      project: seesAll(user) ? app.project : filed,
      ...(seesAll(user) && classificationCheck !== undefined ? { classificationCheck } : {}),
      materials: app.materials,
      channel: apiChannel(app.channel),
      owner: app.owner,
      receivedOn: app.receivedOn,
      acceptedOn: app.acceptedOn,
      ...(app.filingNo ? { filingNo: app.filingNo } : {}),
      // 好差评: the enterprise's rating once given (null before)
      rating: rating ? ratingAnswer(rating) : null,
      createdAt: app.createdAt.toISOString(),
      openTasks: atIntake ? view.openTasks : [],
      history: view.history,
      sla: {
        clock: 'not_started',
        statutoryLimit: sub?.statutoryLimit ?? null,
        committedLimit: sub?.committedLimit ?? null,
        statutoryDeadline: null,
        committedDeadline: null,
        elapsedDays: 0,
        remainingDays: app.filingNo ? null : (sub?.committedLimit.days ?? null),
        daysSaved: null,
        // a renewal the law granted while still at the window (art. 50): nobody decided it in time
        level: row?.state.data?.deemed === true ? 'red' : 'green',
      },
    };
  }
}
