import { useEffect, useState } from 'react';
import { Space, Typography } from 'antd';
import { client, ok } from './api';
import { useI18n } from './i18n';

/** At most this many days are drawn: the clock's span from its start, or its last days when longer. */
const MAX_DAYS = 92;

type Kind = 'work' | 'weekend' | 'holiday' | 'adjusted' | 'paused';
const STYLE: Record<Kind, { background: string; border: string }> = {
  work: { background: '#ffffff', border: '#9aa5b1' },
  weekend: { background: '#e5e7eb', border: '#9aa5b1' },
  holiday: { background: '#fecaca', border: '#b91c1c' },
  adjusted: { background: '#bfdbfe', border: '#1d4ed8' },
  paused: { background: '#fde68a', border: '#b45309' },
};

const dayOf = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The days a span of instants covers, as Shanghai dates (an open span: up to `until`). */
function pausedDays(pauses: { from: string; to?: string }[], until: string): Set<string> {
  const out = new Set<string>();
  for (const p of pauses) for (let d = dayOf(p.from), end = p.to ? dayOf(p.to) : until; d <= end && out.size < 10_000; d = next(d)) out.add(d);
  return out;
}

/**
 * A strip of the days the statutory clock runs over, from the calendar the clock counts with
 * (GET /api/v1/calendar/years/:year): working days, weekends, holidays it skips, 调休 working weekends it
 * counts, and the days it was paused.
 */
export function CalendarStrip({ from, to, pauses }: { from: string; to: string; pauses: { from: string; to?: string }[] }) {
  const { t, date } = useI18n();
  const [years, setYears] = useState<Record<number, { holidays: Set<string>; workdays: Set<string> }>>({});
  const first = from.slice(0, 4);
  const last = to.slice(0, 4);
  useEffect(() => {
    let live = true;
    const wanted = [];
    for (let y = Number(first); y <= Number(last) && y <= Number(first) + 2; y++) wanted.push(y);
    void Promise.all(
      wanted.map((year) =>
        ok(client.GET('/api/v1/calendar/years/{year}', { params: { path: { year } } })).then(
          (c) => [year, { holidays: new Set(c.holidays), workdays: new Set(c.workdays) }] as const,
          () => null, // a year the calendar does not cover: drawn as plain weekdays and weekends
        ),
      ),
    ).then((got) => live && setYears(Object.fromEntries(got.filter((g) => g !== null))));
    return () => {
      live = false;
    };
  }, [first, last]);
  const paused = pausedDays(pauses, to);
  const days: { day: string; kind: Kind }[] = [];
  for (let d = from; d <= to && days.length < 10_000; d = next(d)) {
    const y = years[Number(d.slice(0, 4))];
    const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    const kind: Kind = y?.holidays.has(d) ? 'holiday' : y?.workdays.has(d) ? 'adjusted' : paused.has(d) ? 'paused' : weekend ? 'weekend' : 'work';
    days.push({ day: d, kind: paused.has(d) && kind === 'work' ? 'paused' : kind });
  }
  const shown = days.slice(-MAX_DAYS);
  const count = (k: Kind) => days.filter((d) => d.kind === k).length;
  const summary = `${t('calendarStrip')}: ${t('holidays')} ${count('holiday')}, ${t('adjustedWorkdays')} ${count('adjusted')}, ${t('pausedDays')} ${count('paused')}`;
  return (
    <div data-testid="calendar-strip" data-holidays={count('holiday')} data-adjusted={count('adjusted')} data-paused={count('paused')} style={{ marginTop: 8 }}>
      <div role="img" aria-label={summary} style={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        {shown.map((d) => (
          <span
            key={d.day}
            title={`${date(d.day)} · ${t(d.kind === 'work' ? 'workday' : d.kind === 'adjusted' ? 'adjustedWorkday' : d.kind === 'paused' ? 'pausedDay' : d.kind)}`}
            data-day={d.day}
            data-kind={d.kind}
            style={{ width: 9, height: 16, borderRadius: 2, border: `1px solid ${STYLE[d.kind].border}`, background: STYLE[d.kind].background }}
          />
        ))}
      </div>
      <Space wrap size={12} style={{ marginTop: 4 }}>
        {(['holiday', 'adjusted', 'paused', 'weekend'] as const).map((k) => (
          <Typography.Text key={k} style={{ fontSize: 12 }}>
            <span
              aria-hidden="true"
              style={{ display: 'inline-block', width: 9, height: 12, marginRight: 4, border: `1px solid ${STYLE[k].border}`, background: STYLE[k].background }}
            />
            {`${t(k === 'adjusted' ? 'adjustedWorkday' : k === 'paused' ? 'pausedDay' : k)} ${count(k)}`}
          </Typography.Text>
        ))}
      </Space>
    </div>
  );
}
