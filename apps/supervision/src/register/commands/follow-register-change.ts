import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@permits/clock';
import { PermitRegisterChangedV1 } from '@permits/contracts/jobs';
import { InboxMessage, onceInTransaction, rowValues } from '@permits/persistence';
import { EntityHistoryRow, RegulatedEntityRow } from '../../entities';
import type { RiskClass } from '../../plans/draw';

const LIVE_PERMIT = new Set(['valid', 'expiring']);

/** discharge-permit's register changed (permit.register-changed.v1): the regulated entity follows. */
export class FollowRegisterChange extends Command<void> {
  constructor(
    readonly payload: PermitRegisterChangedV1,
    readonly message: InboxMessage,
  ) {
    super();
  }
}

/** Updates the regulated entity and its history from the register's change, once per message (inbox). */
@CommandHandler(FollowRegisterChange)
export class FollowRegisterChangeHandler implements ICommandHandler<FollowRegisterChange> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ payload, message }: FollowRegisterChange): Promise<void> {
    await onceInTransaction(this.db, message, (tx) => this.applyRegisterChange(tx, payload));
  }

  /** A permit changed in discharge-permit's register: the entity follows (inside the inbox transaction). */
  private async applyRegisterChange(tx: EntityManager, p: PermitRegisterChangedV1): Promise<void> {
    const now = await this.clock.now();
    const repo = tx.getRepository(RegulatedEntityRow);
    const before = await repo.findOne({ where: { creditCode: p.creditCode }, lock: { mode: 'pessimistic_write' } });
    const permits = {
      ...(before?.permits ?? {}),
      [p.permitNo]: { status: p.status, licenseType: p.licenseType, managementCategory: p.managementCategory ?? null, validTo: p.validTo },
    };
    const active = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status));
    const keyByRegister = Object.values(permits).some((x) => LIVE_PERMIT.has(x.status) && x.managementCategory === 'key');
    const riskClass: RiskClass = before?.riskClassSetByStaff ? before.riskClass : keyByRegister ? 'key' : 'general';
    const after = { creditCode: p.creditCode, name: p.holderName || before?.name || p.creditCode, riskClass, permits, active, updatedAt: now };
    if (before) await repo.update({ creditCode: p.creditCode }, after);
    else
      await repo.insert({
        ...after,
        riskClassSetByStaff: false,
        onlineMonitoring: false,
        lastInspectedOn: null,
        penaltyUntil: null,
        alarmUntil: null,
        openViolations: 0,
      });
    await tx.getRepository(EntityHistoryRow).insert(
      rowValues<EntityHistoryRow>({
        creditCode: p.creditCode,
        at: now,
        actor: 'discharge-permit',
        action: `permit_${p.action}`,
        detail: {
          permitNo: p.permitNo,
          status: p.status,
          before: before ? { name: before.name, riskClass: before.riskClass, active: before.active } : null,
          after: { name: after.name, riskClass, active },
        },
      }),
    );
  }
}
