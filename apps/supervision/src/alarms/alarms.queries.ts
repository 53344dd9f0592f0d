import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlarmRow } from '../entities';
import { keysetPage } from '@permits/core';

export interface AlarmListOptions {
  limit?: number;
  cursor?: string;
  creditCode?: string;
}

/** An alarm as the workbench lists it: what the platform sent, whether it exceeded, the verification it opened. */
export function alarmView(r: AlarmRow) {
  const p = r.payload as { outlet?: string; pollutant?: string; value?: number; limit?: number; unit?: string; at?: string; exceedance?: boolean };
  const exceedance = p.exceedance === true;
  return {
    alarmId: r.alarmId,
    creditCode: r.creditCode,
    outlet: p.outlet ?? '',
    pollutant: p.pollutant ?? '',
    value: p.value ?? 0,
    limit: p.limit ?? 0,
    unit: p.unit ?? '',
    at: p.at ?? r.receivedAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    exceedance,
    verificationId: exceedance ? r.caseId : null,
  };
}

/** Read side of the online monitoring alarms (GET /api/v1/supervision/alarms). */
@Injectable()
export class AlarmsQueries {
  constructor(private readonly db: DataSource) {}

  /** Newest received first, paged with the service's keyset cursor on (received_at, case_id). */
  async list(q: AlarmListOptions) {
    const qb = this.db.getRepository(AlarmRow).createQueryBuilder('a');
    if (q.creditCode) qb.andWhere('a.credit_code = :cc', { cc: q.creditCode });
    const page = await keysetPage(qb, q, 'a.received_at', 'a.case_id', (r) => [r.receivedAt, r.caseId]);
    return { items: page.items.map(alarmView), nextCursor: page.nextCursor };
  }
}
