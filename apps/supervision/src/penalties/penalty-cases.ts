import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole } from '@permits/auth';
import { CaseRow } from '@permits/workflow-runtime';
import { PenaltyRow } from '../entities';
import { notFound } from '@permits/core';

/** Statements one penalty takes from its enterprise (a defence is a few documents, not a stream). */
export const MAX_STATEMENTS = 20;
/** The steps at which the enterprise has been told and may still speak (API.md "Supervision"). */
export const NOTICE_STEPS = ['statement_period', 'hearing_period'];

/** Whether the caller is the enterprise the penalty is against. */
export function ownEnterprise(user: AuthUser, p: PenaltyRow): boolean {
  return hasRole(user, 'applicant') && !!user.creditCode && user.creditCode === p.creditCode;
}

/** The actor of a penalty's audit entry. */
export function actorOf(user: AuthUser) {
  return { id: user.id, roles: user.roles, dept: user.dept };
}

/**
 * The penalty cases' repository for the commands outside the task steps: a penalty and its case, both locked,
 * in one transaction (each command writes its row and the case's audit entry in it, CaseRuntime.record).
 */
@Injectable()
export class PenaltyCases {
  constructor(private readonly db: DataSource) {}

  onCase(id: string, fn: (tx: EntityManager, p: PenaltyRow, row: CaseRow) => Promise<PenaltyRow>): Promise<PenaltyRow> {
    return this.db.transaction(async (tx) => {
      const row = await tx.getRepository(CaseRow).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
      const p = await tx.getRepository(PenaltyRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!p || !row) throw notFound('penalty');
      return fn(tx, p, row);
    });
  }
}
