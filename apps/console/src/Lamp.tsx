import { useI18n } from './i18n';

const COLORS: Record<string, string> = { green: '#1a7f37', yellow: '#b58100', red: '#c62828' };

/** A red/yellow/green lamp with its label in words (colour is never the only signal). */
export function Lamp({ level, daysLeft }: { level: string; daysLeft?: number | null }) {
  const { t, l } = useI18n();
  return (
    <span data-testid="lamp" data-level={level} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 6, background: COLORS[level] ?? '#777', display: 'inline-block' }} />
      <span>{l('slaLevel', level)}</span>
      {daysLeft === undefined || daysLeft === null ? null : (
        <span data-testid="days-left" data-days={daysLeft}>
          {daysLeft < 0 ? `${t('overdue')} ${-daysLeft} ${t('workingDays')}` : `${t('daysLeft')} ${daysLeft} ${t('workingDays')}`}
        </span>
      )}
    </span>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as { status?: number; code?: string; message?: string };
  return (
    <div role="alert" data-testid="api-error" style={{ color: '#b3261e', margin: '8px 0' }}>
      {e.status ? `${e.status} ${e.code ?? ''}: ` : ''}
      {e.message ?? String(error)}
    </div>
  );
}
