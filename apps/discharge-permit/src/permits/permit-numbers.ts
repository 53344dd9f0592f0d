import { EntityManager } from 'typeorm';
import type { LicenseType } from '@permits/contracts/enums';
import { nextSeriesNumber } from '@permits/persistence';

/** Series prefix of each licence's numbers (registration numbers have their own). */
export const SERIES: Record<LicenseType | 'registration', string> = {
  discharge_permit: 'PW',
  registration: 'DJ',
  hazardous_waste: 'WF',
  radiation_safety: 'FS',
  weee_processing: 'DZ',
  facility_dismantle: 'CC',
  eia_approval: 'HP',
  other: 'QT',
};

/** The next number of a permit series: `PW-2026-000001` (libs/persistence's nextSeriesNumber). */
export function nextPermitNo(tx: EntityManager, series: string, year: number): Promise<string> {
  return nextSeriesNumber(tx, 'permit_number_series', series, year);
}
