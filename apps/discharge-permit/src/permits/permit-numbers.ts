import { EntityManager } from 'typeorm';
import type { LicenseType } from '@permits/contracts/enums';

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

/**
 * The next number of a series: `PW-2026-000001`. The row lock of the counter serializes issuers of the
 * same series; the number commits or rolls back with the permit.
 */
export async function nextPermitNo(tx: EntityManager, series: string, year: number): Promise<string> {
  const rows: { last_value: number }[] = await tx.query(
    `INSERT INTO permit_number_series (series, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (series, year) DO UPDATE SET last_value = permit_number_series.last_value + 1
     RETURNING last_value`,
    [series, year],
  );
  return `${series}-${year}-${String(rows[0].last_value).padStart(6, '0')}`;
}
