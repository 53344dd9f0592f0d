import { useEffect, useState } from 'react';
import { Select, Tabs, Tag, Typography } from 'antd';
import { client, ok } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { go } from '../route';
import { usePhone } from '../phone';
import { Rows } from '../Rows';
import SupervisionPlans from './SupervisionPlans';

const TABS = ['entities', 'positive', 'plans', 'checks', 'alarms'];

type Row = Record<string, unknown> & { id?: string; creditCode?: string };

function List({
  load,
  columns,
  testid,
}: {
  /** One page of the list, through the typed client. */
  load: () => Promise<{ items: Row[] }>;
  columns: { key: string; title: string; render?: (r: Row) => React.ReactNode }[];
  testid: string;
}) {
  const [page, setPage] = useState<{ items: Row[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    load().then(setPage, setError);
  }, [load]);
  return (
    <>
      <ErrorText error={error} />
      <Rows<Row>
        testid={testid}
        rowKey={(r) => String(r.id ?? r.creditCode ?? JSON.stringify(r))}
        size="small"
        loading={!page && !error}
        rows={page?.items ?? []}
        columns={columns.map((c) => ({ key: c.key, title: c.title, render: (r: Row) => (c.render ? c.render(r) : fmt(r[c.key])) }))}
      />
    </>
  );
}

// stable functions: a List reads again only when its source changes
const loadEntities = () => ok(client.GET('/api/v1/supervision/entities', { params: { query: { limit: 100 } } }));
const loadPositive = () => ok(client.GET('/api/v1/supervision/positive-list', { params: { query: { limit: 100 } } }));
const loadChecks = () => ok(client.GET('/api/v1/supervision/checks', { params: { query: { limit: 100 } } }));
const loadAlarms = () => ok(client.GET('/api/v1/supervision/alarms', { params: { query: { limit: 100 } } }));

const fmt = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? '✓' : '—') : Array.isArray(v) ? v.join(', ') : String(v));

/** 事中事后监管: regulated entities, the positive list, double-random plans (SupervisionPlans: commitment, seed once revealed, cancellation), checks, alarms. */
export default function Supervision({ tab }: { tab?: string }) {
  const { t, l, date, dateTime } = useI18n();
  const yesNo = (v: unknown) => (v ? t('yes') : t('no'));
  const entityCols = [
    { key: 'name', title: t('name') },
    { key: 'creditCode', title: t('creditCode') },
    { key: 'riskClass', title: t('riskClass'), render: (r: Row) => <Tag style={{ color: '#111' }}>{l('riskClass', fmt(r.riskClass))}</Tag> },
    { key: 'onlineMonitoring', title: t('onlineMonitoring'), render: (r: Row) => yesNo(r.onlineMonitoring) },
    { key: 'positiveList', title: t('positiveList'), render: (r: Row) => yesNo(r.positiveList) },
    { key: 'lastInspectedOn', title: t('lastInspectedOn'), render: (r: Row) => date(r.lastInspectedOn as string | null) },
  ];
  return (
    <section aria-labelledby="sup-title">
      <Typography.Title level={2} id="sup-title" style={{ fontSize: 20 }}>
        {t('supervision')}
      </Typography.Title>
      <Sections
        active={tab && TABS.includes(tab) ? tab : 'entities'}
        onChange={(key) => go('supervision', key)}
        items={[
          {
            key: 'entities',
            label: t('entities'),
            children: <List testid="entities" load={loadEntities} columns={entityCols} />,
          },
          {
            key: 'positive',
            label: t('positiveList'),
            children: <List testid="positive" load={loadPositive} columns={entityCols.slice(0, 3)} />,
          },
          {
            key: 'plans',
            label: t('plans'),
            children: <SupervisionPlans />,
          },
          {
            key: 'checks',
            label: t('checks'),
            children: (
              <List
                testid="checks"
                load={loadChecks}
                columns={[
                  { key: 'creditCode', title: t('creditCode') },
                  { key: 'inspectors', title: t('inspectors') },
                  { key: 'offSite', title: t('offSite'), render: (r) => yesNo(r.offSite) },
                  { key: 'status', title: t('status'), render: (r) => l('checkStatus', fmt(r.status)) },
                  { key: 'dueDate', title: t('dueDate'), render: (r) => date(r.dueDate as string | null) },
                ]}
              />
            ),
          },
          {
            key: 'alarms',
            label: t('alarms'),
            children: (
              <List
                testid="alarms"
                load={loadAlarms}
                columns={[
                  { key: 'receivedAt', title: t('receivedAt'), render: (r) => dateTime(r.receivedAt as string) },
                  { key: 'creditCode', title: t('creditCode') },
                  { key: 'pollutant', title: t('pollutant'), render: (r) => <span data-user-text>{fmt(r.pollutant)}</span> },
                  { key: 'measured', title: t('measured'), render: (r) => <span data-user-text>{`${fmt(r.value)} / ${fmt(r.limit)} ${fmt(r.unit)}`}</span> },
                  { key: 'exceedance', title: t('exceedance'), render: (r) => yesNo(r.exceedance) },
                  {
                    key: 'verificationId',
                    title: t('verification'),
                    render: (r) =>
                      r.verificationId ? (
                        <a
                          href={`#/case/${encodeURIComponent(String(r.verificationId))}`}
                          data-testid="alarm-case"
                        >{`${fmt(r.verificationId).slice(0, 8)}…`}</a>
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </section>
  );
}

/** The sections as tabs on a desk; on a phone, where five tabs do not fit, a select above the one shown. */
function Sections({
  active,
  onChange,
  items,
}: {
  active: string;
  onChange: (key: string) => void;
  items: { key: string; label: string; children: React.ReactNode }[];
}) {
  const phone = usePhone();
  const { t } = useI18n();
  if (!phone) return <Tabs activeKey={active} onChange={onChange} items={items} />;
  return (
    <>
      <Select
        aria-label={t('supervision')}
        value={active}
        onChange={onChange}
        options={items.map((i) => ({ value: i.key, label: i.label }))}
        style={{ width: '100%', marginBottom: 12 }}
        data-testid="section"
      />
      {items.find((i) => i.key === active)?.children}
    </>
  );
}
