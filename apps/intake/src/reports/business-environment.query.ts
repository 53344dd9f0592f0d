import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { onReplica } from '@permits/persistence';
import { CaseRow } from '@permits/workflow-runtime';
import { ACCEPTANCE_DEFINITION } from '../acceptance/acceptance.effects';
import { ApplicationRow } from '../applications/application.entity';
import { CatalogService } from '../catalog/catalog.service';
import { apiChannel } from '../counter/counter';
import { HandledOutsideRow, RatingRow } from '../ratings/rating.entity';
import { businessEnvironmentReport, DecidedCase } from './business-environment';

/** [from 00:00, the day after to 00:00) in China Standard Time, as instants. */
export function shanghaiRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  return { start, end };
}

@Injectable()
export class BusinessEnvironmentQuery {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  async report(from: string, to: string) {
    const { start, end } = shanghaiRange(from, to);
    const items = await this.catalog.items();
    // figures over past days: the read replica, when there is one, may be a moment behind
    const [received, acceptance, decided, outside, ratings] = await onReplica(this.db, (m) =>
      Promise.all([
        // every application received in the range (the day it arrived, Shanghai), by channel
        m
          .getRepository(ApplicationRow)
          .createQueryBuilder('a')
          .select('a.channel', 'channel')
          .addSelect('count(*)::int', 'n')
          .where('a.received_on BETWEEN :from AND :to', { from, to })
          .groupBy('a.channel')
          .getRawMany<{ channel: string; n: number }>(),
        // acceptance decisions: intake's own acceptance cases, closed in the range as accepted or not accepted
        m
          .getRepository(CaseRow)
          .createQueryBuilder('c')
          .select('c.status', 'status')
          .addSelect('count(*)::int', 'n')
          .where('c.definition_key = :key', { key: ACCEPTANCE_DEFINITION.key })
          .andWhere("c.status IN ('accepted', 'not_accepted')")
          .andWhere('c.closed_at >= :start AND c.closed_at < :end', { start, end })
          .groupBy('c.status')
          .getRawMany<{ status: string; n: number }>(),
        // decisions: the final status the owning services pushed back (case.status-changed.v1)
        m
          .getRepository(ApplicationRow)
          .createQueryBuilder('a')
          .select([
            'a.id',
            'a.licenseType',
            'a.subItemCode',
            'a.status',
            'a.elapsedDays',
            'a.daysSaved',
            'a.withinCommitted',
            'a.channel',
            'a.committedDaysInForce',
          ])
          .where("a.status IN ('approved', 'denied')")
          .andWhere('a.decided_at >= :start AND a.decided_at < :end', { start, end })
          .getMany(),
        // cases recorded as handled outside the system, by the day received
        m
          .getRepository(HandledOutsideRow)
          .createQueryBuilder('h')
          .select('coalesce(sum(h.count), 0)::int', 'n')
          .where('h.received_on BETWEEN :from AND :to', { from, to })
          .getRawOne<{ n: number }>(),
        // the ratings given in the range
        m
          .getRepository(RatingRow)
          .createQueryBuilder('r')
          .select('r.score', 'score')
          .addSelect('count(*)::int', 'n')
          .where('r.rated_at >= :start AND r.rated_at < :end', { start, end })
          .groupBy('r.score')
          .getRawMany<{ score: number; n: number }>(),
      ]),
    );
    const count = (status: string) => acceptance.find((r) => r.status === status)?.n ?? 0;
    // the sub-item's committed limit (a key-management case moved to its on-site-check limits is measured against the catalog's)
    const committed = new Map(items.flatMap((i) => i.subItems.map((sub) => [sub.code, sub.committedLimit.days] as const)));
    const unit = new Map(items.flatMap((i) => i.subItems.map((sub) => [sub.code, sub.statutoryLimit.unit] as const)));
    const fullyOnline = new Map(items.flatMap((i) => i.subItems.map((sub) => [sub.code, sub.fullyOnline] as const)));
    return businessEnvironmentReport({
      from,
      to,
      items,
      receivedByChannel: Object.fromEntries(received.map((r) => [r.channel, r.n])),
      acceptance: { accepted: count('accepted'), notAccepted: count('not_accepted') },
      decided: decided.map((a) => ({
        licenseType: a.licenseType,
        status: a.status as DecidedCase['status'],
        elapsedDays: a.elapsedDays,
        daysSaved: a.daysSaved,
        withinCommitted: a.withinCommitted,
        // the limit in force on the decision day (a deadline moved off a holiday gives more days); the catalog's for older cases
        committedDays: a.committedDaysInForce ?? committed.get(a.subItemCode) ?? null,
        channel: apiChannel(a.channel),
        unit: unit.get(a.subItemCode),
        fullyOnline: fullyOnline.get(a.subItemCode),
      })),
      handledOutside: outside?.n ?? 0,
      ratings: ratings.flatMap((r) => Array<number>(r.n).fill(Number(r.score))),
    });
  }
}
