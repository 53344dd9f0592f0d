import { useEffect, useState } from 'react';
import { Alert, Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { client, ok, save } from '../api';
import type { Schemas } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import type { Msg } from '../i18n';
import { Rows } from '../Rows';

type Verification = Schemas['VerificationDto'];
type Report = Schemas['IntegrityReportDto'];
type Item = Schemas['IntegrityItemDto'];
const LISTS = ['fastDecisions', 'repeatedAssignments', 'outOfHours', 'longPauses', 'recusals', 'overrides'] as const;
/** How often a running verification's progress is read again. */
const POLL_MS = 1_000;

/** The audit chain's verification over every case service, with its progress as it runs. */
function Verify() {
  const { t, dateTime, num } = useI18n();
  const [v, setV] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!v || v.status !== 'running') return;
    const timer = setTimeout(() => {
      ok(client.GET('/api/v1/audit/verifications/{id}', { params: { path: { id: v.id } } })).then(setV, setError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [v]);
  const start = () => {
    setError(null);
    ok(client.POST('/api/v1/audit/verifications', { body: {} })).then(setV, setError);
  };
  const total = v?.progress?.total ?? 0;
  const checked = v?.progress?.checked ?? 0;
  const broken = v?.status === 'done' && v.result && v.result.ok === false;
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('auditVerify')}</h3>} data-testid="verification" data-status={v?.status ?? ''}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button type="primary" onClick={start} disabled={v?.status === 'running'} data-testid="start-verification">
          {t('startVerification')}
        </Button>
        {v ? (
          <>
            <Progress
              percent={v.status === 'done' ? 100 : total ? Math.floor((checked / total) * 100) : 0}
              status={v.status === 'failed' || broken ? 'exception' : v.status === 'done' ? 'success' : 'active'}
              aria-label={t('auditVerify')}
              data-testid="verification-progress"
            />
            <Typography.Text>{`${num(checked)} / ${num(total)} · ${dateTime(v.startedAt)}`}</Typography.Text>
            {v.status === 'running' ? <Tag>{t('verificationRunning')}</Tag> : null}
            {v.status === 'done' ? (
              <Alert type={broken ? 'error' : 'success'} title={t(broken ? 'verificationBroken' : 'verificationOk')} data-testid="verification-result" />
            ) : null}
            {v.status === 'failed' ? <Alert type="error" title={t('errorGeneric')} /> : null}
          </>
        ) : null}
        <ErrorText error={error} />
      </Space>
    </Card>
  );
}

/** The integrity report (auditor, admin): six lists of what the discipline office looks at, and its CSV. */
function Integrity() {
  const { t, dateTime } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ok(client.GET('/api/v1/reports/integrity')).then((r) => setReport(typeof r === 'string' ? null : r), setError);
  }, []);
  const csv = () =>
    ok(client.GET('/api/v1/reports/integrity', { params: { query: { format: 'csv' } }, parseAs: 'blob' })).then(
      (b) => save(b as Blob, 'integrity-report.csv'),
      setError,
    );
  return (
    <Card
      size="small"
      title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('integrityReport')}</h3>}
      extra={
        <Button size="small" onClick={() => void csv()} data-testid="integrity-csv">
          {t('csv')}
        </Button>
      }
      data-testid="integrity"
    >
      <ErrorText error={error} />
      {report?.truncated.length ? <Alert type="warning" title={`${t('truncated')}: ${report.truncated.map((k) => t(k as Msg)).join(', ')}`} /> : null}
      {LISTS.map((k) => (
        <section key={k} aria-label={t(k)} data-testid={`integrity-${k}`} data-count={report ? report[k].length : ''}>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 12 }}>
            {`${t(k)} · ${report ? report[k].length : '…'}`}
          </Typography.Title>
          <Rows<Item>
            testid={`integrity-rows-${k}`}
            size="small"
            loading={!report && !error}
            rowKey={(r) => `${r.caseId}:${r.userId}:${r.at ?? ''}`}
            rows={report ? report[k].slice(0, 50) : []}
            columns={[
              { key: 'case', title: t('caseId'), render: (r) => <a href={`#/case/${encodeURIComponent(r.caseId)}`}>{`${r.caseId.slice(0, 8)}…`}</a> },
              { key: 'user', title: t('userId'), render: (r) => <span data-user-text>{r.userId}</span> },
              { key: 'at', title: t('createdAt'), render: (r) => dateTime(r.at) },
            ]}
          />
        </section>
      ))}
    </Card>
  );
}

/** 审计: the audit chain's verification and the integrity report. */
export default function Audit() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="audit-title">
      <Typography.Title level={2} id="audit-title" style={{ fontSize: 20 }}>
        {t('auditScreen')}
      </Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }} size={16}>
        <Verify />
        <Integrity />
      </Space>
    </section>
  );
}
