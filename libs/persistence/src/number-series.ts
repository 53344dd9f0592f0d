import { EntityManager } from 'typeorm';

/** The tables that hold a service's number series: (series, year, last_value), one row per series and year. */
export type NumberSeriesTable = 'permit_number_series' | 'filing_number_series';

/**
 * The next number of a series, `PW-2026-000001`: the counter's row lock serializes whoever numbers in the same
 * series, and the number commits or rolls back with the transaction that takes it (no gaps from failed writes).
 */
export async function nextSeriesNumber(tx: EntityManager, table: NumberSeriesTable, series: string, year: number): Promise<string> {
  const rows: { last_value: number }[] = await tx.query(
    `INSERT INTO ${table} (series, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (series, year) DO UPDATE SET last_value = ${table}.last_value + 1
     RETURNING last_value`,
    [series, year],
  );
  return `${series}-${year}-${String(rows[0].last_value).padStart(6, '0')}`;
}
