import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { addNotice } from '@permits/persistence';
import { shanghaiDate } from '@permits/workflow/calendar';
import { newClock, startClock } from '@permits/workflow/clock';
import { ALARM_VERIFICATION } from '@permits/workflow/definitions';
import { BundledCalendar, CaseRuntime } from '@permits/workflow-runtime';
import { AlarmRow, EntityHistoryRow, RegulatedEntityRow } from '../../entities';
import { SUPERVISION_SYSTEM } from '../../penalties/open-penalty';
import { addMonths } from '../../supervision.effects';

/** Months an online monitoring alarm keeps an entity off the positive list. */
export const ALARM_MONTHS_OFF_LIST = 6;

export interface Alarm {
  alarmId: string;
  creditCode: string;
  outlet: string;
  pollutant: string;
  value: number;
  limit: number;
  unit: string;
  at: string;
}

type AlarmAnswer = { alarmId: string; verificationId: string | null; duplicate: boolean };

export class ReceiveAlarm extends Command<AlarmAnswer> {
  constructor(readonly alarm: Alarm) {
    super();
  }
}

/** Remote supervision: online monitoring alarms and their off-site verification (a confirmed one opens a penalty, alarm-effects.ts). */
@CommandHandler(ReceiveAlarm)
export class ReceiveAlarmHandler implements ICommandHandler<ReceiveAlarm> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runtime: CaseRuntime,
    private readonly calendar: BundledCalendar,
  ) {}

  /**
   * An online monitoring alarm, once per alarmId. An exceedance (value over limit) opens an off-site
   * verification case for enforcement due the next working day, tells it, and takes the entity off the
   * positive list for six months.
   */
  async execute({ alarm: a }: ReceiveAlarm): Promise<AlarmAnswer> {
    const now = await this.clock.now();
    const today = shanghaiDate(now);
    return this.db.transaction(async (tx) => {
      const caseId = randomUUID();
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(AlarmRow)
        .values({ alarmId: a.alarmId, creditCode: a.creditCode, payload: { ...a }, caseId, receivedAt: now })
        .orIgnore()
        .returning('alarm_id')
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        const prior = await tx.getRepository(AlarmRow).findOneByOrFail({ alarmId: a.alarmId });
        return { alarmId: a.alarmId, verificationId: prior.payload.exceedance ? prior.caseId : null, duplicate: true };
      }
      const exceedance = a.value > a.limit;
      await tx.getRepository(AlarmRow).update({ alarmId: a.alarmId }, { payload: { ...a, exceedance } });
      if (!exceedance) return { alarmId: a.alarmId, verificationId: null, duplicate: false };
      const dueDate = this.calendar.get().addWorkingDays(today, 1);
      const data = { alarmId: a.alarmId, outlet: a.outlet, pollutant: a.pollutant, value: a.value, limit: a.limit, unit: a.unit, at: a.at, offSite: true };
      const clock = startClock(newClock({ days: 1, unit: 'working' }, { days: 1, unit: 'working' }), today);
      await this.runtime.start(
        tx,
        {
          caseId,
          definition: ALARM_VERIFICATION,
          licenseType: 'other',
          subItemCode: 'monitoring-alarm',
          applicantCreditCode: a.creditCode,
          applicantUserId: SUPERVISION_SYSTEM.id,
          data,
          clock,
        },
        SUPERVISION_SYSTEM,
        { correlationId: caseId, input: { ...data } },
      );
      await addNotice(tx, {
        kind: 'monitoring_alarm',
        applicationId: caseId,
        correlationId: a.alarmId,
        recipients: { depts: ['enforcement'] },
        data: { alarmId: a.alarmId, creditCode: a.creditCode, pollutant: a.pollutant, value: a.value, limit: a.limit, unit: a.unit, dueDate },
      });
      const entity = await tx.getRepository(RegulatedEntityRow).findOne({ where: { creditCode: a.creditCode }, lock: { mode: 'pessimistic_write' } });
      if (entity) {
        const alarmUntil = addMonths(today, ALARM_MONTHS_OFF_LIST);
        await tx
          .getRepository(RegulatedEntityRow)
          .update(
            { creditCode: a.creditCode },
            { alarmUntil: entity.alarmUntil && entity.alarmUntil > alarmUntil ? entity.alarmUntil : alarmUntil, updatedAt: now },
          );
        await tx.getRepository(EntityHistoryRow).insert({
          creditCode: a.creditCode,
          at: now,
          actor: 'monitoring',
          action: 'monitoring_alarm',
          detail: { alarmId: a.alarmId, alarmUntil, verificationId: caseId },
        });
      }
      return { alarmId: a.alarmId, verificationId: caseId, duplicate: false };
    });
  }
}
