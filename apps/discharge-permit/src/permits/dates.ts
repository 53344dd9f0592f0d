/** Calendar arithmetic on ISO dates (UTC-midnight based: no local time zone involved). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, 1));
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay)); // 29 Feb → 28 Feb in a common year
  return target.toISOString().slice(0, 10);
}

export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A validity of `years` starting on `from` ends the day before the same date `years` later. */
export function validUntil(from: string, years: number): string {
  return addDaysIso(addYears(from, years), -1);
}
