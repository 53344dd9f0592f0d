import { useEffect, useState } from 'react';
import { Table, Tabs, Tag, Typography } from 'antd';
import { api, qs } from '../api';
import type { Page } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import SupervisionPlans from './SupervisionPlans';

type Row = Record<string, unknown> & { id?: string; creditCode?: string };

function List({ path, columns, testid, only }: { path: string; columns: { key: string; title: string; render?: (r: Row) => React.ReactNode }[]; testid: string; only?: (r: Row) => boolean }) {
  const [page, setPage] = useState<Page<Row> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Page<Row> | Row[]>(path).then((p) => setPage(Array.isArray(p) ? { items: p, nextCursor: null } : p), setError);
  }, [path]);
  return (
    <>
      <ErrorText error={error} />
      <Table<Row>
        data-testid={testid}
        rowKey={(r) => String(r.id ?? r.creditCode ?? JSON.stringify(r))}
        size="small"
        pagination={false}
        dataSource={(page?.items ?? []).filter(only ?? (() => true))}
        columns={columns.map((c) => ({ key: c.key, title: c.title, render: (r: Row) => (c.render ? c.render(r) : fmt(r[c.key])) }))}
      />
    </>
  );
}

const fmt = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '✓' : '—') : Array.isArray(v) ? v.join(', ') : String(v));

/** 事中事后监管: regulated entities, the positive list, double-random plans (SupervisionPlans: commitment, seed once revealed, cancellation), checks, alarms. */
export default function Supervision() {
  const { t, l } = useI18n();
  const entityCols = [
    { key: 'creditCode', title: 'USCC' },
    { key: 'name', title: t('name') },
    { key: 'riskClass', title: 'risk', render: (r: Row) => <Tag style={{ color: '#111' }}>{fmt(r.riskClass)}</Tag> },
    { key: 'onlineMonitoring', title: 'online' },
    { key: 'positiveList', title: t('positiveList') },
    { key: 'lastInspectedOn', title: 'last' },
  ];
  return (
    <section aria-labelledby="sup-title">
      <Typography.Title level={2} id="sup-title" style={{ fontSize: 20 }}>
        {t('supervision')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'entities', label: t('entities'), children: <List testid="entities" path={`/api/v1/supervision/entities${qs({ limit: 100 })}`} columns={entityCols} /> },
          { key: 'positive', label: t('positiveList'), children: <List testid="positive" path={`/api/v1/supervision/positive-list${qs({ limit: 100 })}`} columns={entityCols.slice(0, 3)} /> },
          {
            key: 'plans',
            label: t('plans'),
            children: <SupervisionPlans />,
          },
          {
            key: 'checks',
            label: t('checks'),
            children: <List testid="checks" path={`/api/v1/supervision/checks${qs({ limit: 100 })}`} columns={[{ key: 'creditCode', title: 'USCC' }, { key: 'inspectors', title: 'inspectors' }, { key: 'offSite', title: 'off-site' }, { key: 'status', title: t('status') }, { key: 'dueDate', title: t('dueDate') }]} />,
          },
          {
            key: 'alarms',
            label: t('alarms'),
            children: <List testid="alarms" only={(r) => r.kind === 'monitoring_alarm'} path={`/api/v1/notifications${qs({ limit: 100 })}`} columns={[{ key: 'kind', title: t('kind'), render: (r) => l('notificationKind', fmt(r.kind)) }, { key: 'applicationId', title: 'ID', render: (r) => (r.applicationId ? <a href={`#/case/${encodeURIComponent(String(r.applicationId))}`}>{fmt(r.applicationId)}</a> : '') }, { key: 'createdAt', title: t('createdAt') }]} />,
          },
        ]}
      />
    </section>
  );
}
