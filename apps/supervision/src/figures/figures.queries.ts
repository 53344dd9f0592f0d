import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import { PenaltyRow, RegulatedEntityRow } from '../entities';
import { onPositiveList } from '../register/positive-list';
import { DomainError } from '@permits/core';

/** The supervision figures of the business-environment report (intake's report asks for them). */
@Injectable()
export class FiguresQueries {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async figures(from: string, to: string) {
    if (from > to) throw new DomainError('INVALID_INPUT', `from (${from}) is after to (${to})`);
    return supervisionFigures(this.db, from, to, shanghaiDate(await this.clock.now()));
  }
}

/** The supervision figures of the business-environment report over [from, to] (Asia/Shanghai days, inclusive). */
async function supervisionFigures(db: DataSource, from: string, to: string, today: string) {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  const entities = await db.getRepository(RegulatedEntityRow).find({ where: { active: true } });
  const positive = entities.filter((e) => onPositiveList(e, today)).length;
  const perPeriod: { period: string; drawn: number; done: number; onSite: number; offSite: number; violations: number }[] = await db.query(
    `SELECT p.period, count(*)::int AS drawn, count(*) FILTER (WHERE c.status IN ('compliant', 'violation'))::int AS done,
            count(*) FILTER (WHERE NOT c.off_site)::int AS "onSite", count(*) FILTER (WHERE c.off_site)::int AS "offSite",
            count(*) FILTER (WHERE c.status = 'violation')::int AS violations
       FROM checks c JOIN plans p ON p.id = c.plan_id
      WHERE p.drawn_at >= $1 AND p.drawn_at < $2 AND c.status <> 'cancelled'
      GROUP BY p.period ORDER BY p.period`,
    [start, end],
  );
  const penalties = await db
    .getRepository(PenaltyRow)
    .createQueryBuilder('p')
    .where("p.status = 'decided'")
    .andWhere('p.decided_on BETWEEN :from AND :to', { from, to })
    .getMany();
  const onTime = penalties.filter((p) => p.publishedAt && p.publishBy && shanghaiDate(p.publishedAt) <= p.publishBy).length;
  return {
    entities: {
      total: entities.length,
      key: entities.filter((e) => e.riskClass === 'key').length,
      general: entities.filter((e) => e.riskClass === 'general').length,
      onlineMonitoring: entities.filter((e) => e.onlineMonitoring).length,
      positiveList: positive,
      positiveListShare: entities.length ? Math.round((positive / entities.length) * 10_000) / 10_000 : null,
    },
    inspections: perPeriod,
    penalties: {
      decided: penalties.length,
      publishedOnTime: onTime,
      publishedLate: penalties.filter((p) => p.publishedAt).length - onTime,
      unpublished: penalties.filter((p) => !p.publishedAt).length,
    },
  };
}
