import { useI18n } from './i18n';

const COLORS: Record<string, string> = { green: '#1a7f37', yellow: '#b58100', red: '#c62828' };

/** A red/yellow/green lamp with its label in words (colour is never the only signal). */
export function Lamp({ level, daysLeft, unit }: { level: string; daysLeft?: number | null; unit?: string }) {
  const { t, l, days } = useI18n();
  const u = unit ?? 'working';
  return (
    <span data-testid="lamp" data-level={level} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
      <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 6, background: COLORS[level] ?? '#777', display: 'inline-block' }} />
      <span>{l('slaLevel', level)}</span>
      {daysLeft === undefined || daysLeft === null ? null : (
        <span data-testid="days-left" data-days={daysLeft}>
          {daysLeft < 0 ? `${t('overdue')} ${days(-daysLeft, u)}` : `${t('daysLeft')} ${days(daysLeft, u)}`}
        </span>
      )}
    </span>
  );
}

/**
 * What the API refused, in the reader's language: the label of its stable `code` (GET /api/v1/labels, errorCode),
 * else the meaning of its status; the API's own message only as the detail, folded away.
 */
export function ErrorText({ error }: { error: unknown }) {
  const { t, l, has } = useI18n();
  if (!error) return null;
  const e = error as { status?: number; code?: string; message?: string };
  const title =
    e.code && has('errorCode', e.code)
      ? l('errorCode', e.code)
      : e.status && has('errorStatus', String(e.status))
        ? l('errorStatus', String(e.status))
        : t('errorGeneric');
  const detail = e.message ?? String(error);
  return (
    <div
      role="alert"
      data-testid="api-error"
      data-status={e.status ?? ''}
      data-code={e.code ?? ''}
      style={{ color: '#b3261e', margin: '8px 0', overflowWrap: 'anywhere' }}
    >
      <div data-testid="api-error-title">{title}</div>
      {detail && detail !== title ? (
        <details style={{ color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>
          <summary>{t('errorDetail')}</summary>
          <span data-testid="api-error-detail">{detail}</span>
        </details>
      ) : null}
    </div>
  );
}
