import { useI18n } from './i18n';

const COLORS: Record<string, string> = { green: '#1a7f37', yellow: '#b58100', red: '#c62828' };

/** A red/yellow/green lamp with its label in words (colour is never the only signal). */
export function Lamp({ level, daysLeft, unit }: { level: string; daysLeft?: number | null; unit?: string }) {
  const { t, l } = useI18n();
  const days = unit ? l('limitUnit', unit) : t('workingDays');
  return (
    <span data-testid="lamp" data-level={level} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 6, background: COLORS[level] ?? '#777', display: 'inline-block' }} />
      <span>{l('slaLevel', level)}</span>
      {daysLeft === undefined || daysLeft === null ? null : (
        <span data-testid="days-left" data-days={daysLeft}>
          {daysLeft < 0 ? `${t('overdue')} ${-daysLeft} ${days}` : `${t('daysLeft')} ${daysLeft} ${days}`}
        </span>
      )}
    </span>
  );
}

/** An API refusal: its status and code, the code's label in the chosen language (GET /api/v1/labels), and the API's message. */
export function ErrorText({ error }: { error: unknown }) {
  const { l } = useI18n();
  if (!error) return null;
  const e = error as { status?: number; code?: string; message?: string };
  const label = e.code ? l('errorCode', e.code) : '';
  return (
    <div role="alert" data-testid="api-error" data-code={e.code ?? ''} style={{ color: '#b3261e', margin: '8px 0' }}>
      {e.status ? `${e.status} ${e.code ?? ''}: ` : ''}
      {label && label !== e.code ? <strong data-testid="api-error-label">{label}. </strong> : null}
      {e.message ?? String(error)}
    </div>
  );
}
