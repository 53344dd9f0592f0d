import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '@permits/auth';
import { CaseDiagramDto, caseDiagram, CaseRow, CaseRuntime, CaseworkQueries } from '@permits/workflow-runtime';
import { checkView } from '../checks/check-view';
import { CheckRow, PenaltyRow, RegulatedEntityRow } from '../entities';
import { penaltyView } from '../penalties/penalty-view';
import { DomainError } from '@permits/core';

const KIND_OF: Record<string, 'inspection' | 'penalty' | 'alarm_verification'> = {
  supervision_check: 'inspection',
  supervision_penalty: 'penalty',
  alarm_verification: 'alarm_verification',
};

/** A supervision case read like a licence: the application view with the check's, penalty's or alarm's facts. */
@Injectable()
export class SupervisionCaseQueries {
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly runtime: CaseRuntime,
    private readonly db: DataSource,
  ) {}

  async view(id: string, user: AuthUser) {
    const row = await this.supervisionCase(id, user);
    const entity = await this.db.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: row.applicantCreditCode } });
    return {
      ...(await this.queries.view(row, user)),
      caseKind: KIND_OF[row.definitionKey],
      applicant: { creditCode: row.applicantCreditCode, name: entity?.name ?? row.applicantCreditCode },
      facts: await this.facts(row),
    };
  }

  async audit(id: string, user: AuthUser) {
    await this.supervisionCase(id, user);
    return { items: await this.queries.audit(id), nextCursor: null };
  }

  async diagram(id: string, user: AuthUser): Promise<CaseDiagramDto> {
    const row = await this.supervisionCase(id, user);
    return caseDiagram(row, this.runtime.definition(row.definitionKey, row.definitionVersion));
  }

  private async supervisionCase(id: string, user: AuthUser): Promise<CaseRow> {
    const row = await this.queries.visibleCase(id, user);
    if (!KIND_OF[row.definitionKey]) throw new DomainError('NOT_FOUND', 'case not found');
    return row;
  }

  private async facts(row: CaseRow): Promise<Record<string, unknown>> {
    if (row.definitionKey === 'supervision_check') {
      const c = await this.db.getRepository(CheckRow).findOne({ where: { id: row.id } });
      return c ? { ...checkView(c), findings: c.findings, results: c.results } : {};
    }
    if (row.definitionKey === 'supervision_penalty') {
      const p = await this.db.getRepository(PenaltyRow).findOne({ where: { id: row.id } });
      return p ? penaltyView(p, true) : {};
    }
    return { creditCode: row.applicantCreditCode, ...row.state.data };
  }
}
