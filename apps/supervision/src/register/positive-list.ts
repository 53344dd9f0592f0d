import { RegulatedEntityRow } from '../entities';

/**
 * Whether an entity is on the positive list today (API.md: online monitoring installed, no penalty in 2 years,
 * no alarm in 6 months, no open violation). An entity without online monitoring is never on it.
 */
export function onPositiveList(
  e: Pick<RegulatedEntityRow, 'active' | 'onlineMonitoring' | 'penaltyUntil' | 'alarmUntil' | 'openViolations'>,
  today: string,
): boolean {
  return e.active && e.onlineMonitoring && (!e.penaltyUntil || e.penaltyUntil <= today) && (!e.alarmUntil || e.alarmUntil <= today) && e.openViolations === 0;
}

/** A regulated entity as the API shows it. */
export function entityView(e: RegulatedEntityRow, today: string) {
  return {
    creditCode: e.creditCode,
    name: e.name,
    riskClass: e.riskClass,
    onlineMonitoring: e.onlineMonitoring,
    positiveList: onPositiveList(e, today),
    lastInspectedOn: e.lastInspectedOn,
    active: e.active,
  };
}
