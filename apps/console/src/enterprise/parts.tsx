import { useEffect, useState } from 'react';
import { Alert, Typography } from 'antd';
import { ApiError } from './client';
import type { Sla } from './client';
import { useWords } from './words';

export { href } from '../route';

/** A refusal beside the form that asked: the code's words in the reader's language, the API's message folded away. */
export function RefusalText({ error }: { error: unknown }) {
  const { refusal, w } = useWords();
  if (!error) return null;
  const r = error instanceof ApiError ? error : new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="refusal"
      data-code={r.code}
      style={{ marginTop: 8 }}
      title={refusal(r.status, r.code)}
      description={
        r.message ? (
          <details>
            <summary>{w('detail')}</summary>
            <span data-user-text style={{ overflowWrap: 'anywhere' }}>
              {r.message}
            </span>
          </details>
        ) : undefined
      }
    />
  );
}

/** The counted clock as the API gives it: working days used and left, the deadlines, or why there is none. */
export function Clock({ sla, status, compact }: { sla: Sla | null; status: string; compact?: boolean }) {
  const { w, days, date } = useWords();
  if (!sla || sla.clock === 'not_started' || !sla.statutoryLimit) {
    const why = ['not_accepted', 'withdrawn'].includes(status) || (sla && !sla.statutoryLimit) ? w('noClock') : w('noClockYet');
    return (
      <Typography.Text type="secondary" data-testid="no-clock">
        {why}
      </Typography.Text>
    );
  }
  // as the staff side shows it: days used in the statutory limit's unit, days left in the committed limit's
  const unit = sla.statutoryLimit.unit;
  const leftUnit = sla.committedLimit?.unit ?? unit;
  const limit = sla.statutoryLimit.days;
  if (sla.clock === 'stopped') {
    const saved = sla.daysSaved ?? 0;
    return (
      <div data-testid="clock" data-clock="stopped">
        <Typography.Text>
          {w('clockStopped')} · {w('used')} {days(sla.elapsedDays, unit)}
          {sla.daysSaved === null ? null : ` · ${saved >= 0 ? w('daysSaved') : w('daysLate')} ${days(Math.abs(saved), sla.statutoryLimit.unit)}`}
        </Typography.Text>
      </div>
    );
  }
  const share = limit > 0 ? Math.min(100, Math.round((sla.elapsedDays / limit) * 100)) : 100;
  const color = sla.level === 'red' ? '#c62828' : sla.level === 'yellow' ? '#8a6100' : '#1b6e20';
  return (
    <div data-testid="clock" data-clock={sla.clock} data-level={sla.level}>
      <Typography.Text>
        {w('used')} <strong data-testid="days-used">{days(sla.elapsedDays, unit)}</strong> · {w('left')}{' '}
        <strong data-testid="days-left" style={{ color }}>
          {days(sla.remainingDays, leftUnit)}
        </strong>
        {sla.clock === 'paused' ? ` · ${w('clockPaused')}` : null}
      </Typography.Text>
      <Bar percent={share} color={color} label={`${w('used')} ${share}%`} />
      {compact ? null : (
        <Typography.Text type="secondary">
          {w('committedDeadline')} {date(sla.committedDeadline)} · {w('statutoryDeadline')} {date(sla.statutoryDeadline)}
        </Typography.Text>
      )}
    </div>
  );
}

/** A screen's heading (one h2 per screen, under the header's h1). */
export function Heading({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
      {children}
    </Typography.Title>
  );
}

const TAG_COLORS: Record<string, [fg: string, bg: string, border: string]> = {
  green: ['#135200', '#f6ffed', '#95de64'],
  red: ['#a8071a', '#fff1f0', '#ffa39e'],
  orange: ['#873800', '#fff7e6', '#ffc069'],
  blue: ['#003a8c', '#e6f4ff', '#91caff'],
  default: ['rgba(0,0,0,0.88)', '#fafafa', '#d9d9d9'],
};

/** A small status label (Ant Design's Tag, without its weight: the first load of the enterprise side counts). */
export function Tag({ color, children, ...rest }: { color?: string; children: React.ReactNode; [data: `data-${string}`]: string | undefined }) {
  const [fg, bg, border] = TAG_COLORS[color ?? 'default'] ?? TAG_COLORS.default;
  return (
    <span
      {...rest}
      style={{
        display: 'inline-block',
        color: fg,
        background: bg,
        border: `1px solid ${border}`,
        borderRadius: 4,
        padding: '0 7px',
        fontSize: 12,
        lineHeight: '20px',
        whiteSpace: 'nowrap',
        verticalAlign: 'middle',
      }}
    >
      {children}
    </span>
  );
}

/** A progress bar: an upload's share sent, a clock's share used. */
export function Bar({ percent, color, label, testid }: { percent: number; color?: string; label: string; testid?: string }) {
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-label={label}
      data-testid={testid}
      data-percent={percent}
      style={{ height: 8, borderRadius: 4, background: '#e8e8e8', margin: '6px 0', overflow: 'hidden' }}
    >
      <div style={{ width: `${percent}%`, height: '100%', background: color ?? '#0b57d0', transition: 'width 0.2s' }} />
    </div>
  );
}

export function Loading() {
  const { w } = useWords();
  return (
    <p role="status" data-testid="loading">
      {w('loading')}…
    </p>
  );
}

export function Nothing({ children }: { children?: React.ReactNode }) {
  const { w } = useWords();
  return (
    <div data-testid="empty" style={{ padding: '24px 0', textAlign: 'center', color: 'rgba(0,0,0,0.65)' }}>
      <p>{w('empty')}</p>
      {children}
    </div>
  );
}

/** A list a screen reads once: its items (null while reading, empty after a refusal) and the refusal. */
export function useList<T>(load: () => Promise<{ items: T[] }>): { items: T[] | null; error: unknown } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    load().then(
      (p) => setItems(p.items),
      (e) => {
        setError(e);
        setItems([]);
      },
    );
  }, []); // read once, when the screen opens
  return { items, error };
}

/** A list's state under its heading: the refusal, loading, or nothing to show. */
export function ListState({ items, error }: { items: unknown[] | null; error: unknown }) {
  return (
    <>
      <RefusalText error={error} />
      {items === null ? <Loading /> : null}
      {items && !items.length ? <Nothing /> : null}
    </>
  );
}
