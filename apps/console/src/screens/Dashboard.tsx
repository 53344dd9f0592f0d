import { useEffect, useState } from 'react';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { client, ok, save } from '../api';
import type { Schemas } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { Bars } from './Bars';
import { Rows } from '../Rows';

type Overview = Schemas['SlaOverviewDto'];
type Report = Schemas['BusinessEnvironmentDto'];
type LicenceFigures = Report['byLicenseType'][number];

/** Today in Shanghai, YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The SLA overview and the business-environment report (figures, CSV), drawn from live data. */
export default function Dashboard() {
  const { t, l, date, percent, num, days, has } = useI18n();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [range, setRange] = useState<[string, string]>(() => [`${today().slice(0, 4)}-01-01`, today()]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ok(client.GET('/api/v1/sla/overview')).then(setOverview, setError);
  }, []);
  useEffect(() => {
    ok(client.GET('/api/v1/reports/business-environment', { params: { query: { from: range[0], to: range[1] } } })).then(
      (r) => setReport(typeof r === 'string' ? null : r), // JSON asked for: the CSV form never comes back here
      setError,
    );
  }, [range]);
  const count = (n: number | null | undefined, unit: 'count' | 'items' = 'count') => (t(unit) ? `${num(n)} ${t(unit)}` : num(n));
  const figures: [string, ReactNode][] = report
    ? [
        [t('reportPeriod'), `${date(report.from)} – ${date(report.to)}`],
        [t('serviceItems'), count(report.serviceItems, 'items')],
        [t('subItems'), count(report.subItems, 'items')],
        [t('fullyOnlineSubItems'), count(report.fullyOnlineSubItems, 'items')],
        [t('fullyOnlineShare'), percent(report.fullyOnlineShare)],
        [t('received'), count(report.singleWindowReceipt.received)],
        [t('throughTheWindow'), count(report.singleWindowReceipt.throughTheWindow)],
        [t('singleWindowAcceptanceRate'), percent(report.singleWindowAcceptanceRate)],
        [
          t('byChannel'),
          Object.entries(report.singleWindowReceipt.byChannel)
            .map(([c, n]) => `${has('channel', c) ? l('channel', c) : t('otherAction')} ${count(n)}`)
            .join('；') || '—',
        ],
        [t('accepted'), count(report.acceptanceDecisions.accepted)],
        [t('notAccepted'), count(report.acceptanceDecisions.notAccepted)],
        [t('acceptedShareOfAcceptanceDecisions'), percent(report.acceptedShareOfAcceptanceDecisions)],
        [t('averageCompression'), percent(report.averageCompression)],
        [t('compressionSubItems'), count(report.compressionSubItems, 'items')],
      ]
    : [];
  const supervision = report?.supervision ?? null;
  const supervisionFigures: [string, ReactNode][] = supervision
    ? (
        [
          ['plans', 'plansCount'],
          ['checks', 'checksCount'],
          ['violations', 'violations'],
        ] as const
      )
        .filter(([k]) => typeof supervision[k] === 'number')
        .map(([k, m]) => [t(m), count(supervision[k] as number)])
    : [];
  return (
    <section aria-labelledby="dash-title">
      <Typography.Title level={2} id="dash-title" style={{ fontSize: 20 }}>
        {t('dashboard')}
      </Typography.Title>
      <ErrorText error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('openCases')}</h3>}>
            {overview ? (
              <>
                <Bars
                  label={t('openCases')}
                  rows={(['green', 'yellow', 'red'] as const).map((k) => ({
                    name: l('slaLevel', k),
                    value: overview.open[k] ?? 0,
                    color: k === 'green' ? '#1a7f37' : k === 'yellow' ? '#b58100' : '#c62828',
                  }))}
                />
                <Statistic title={t('paused')} value={overview.paused} />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('closedByLicense')}</h3>}>
            {overview ? (
              <>
                <Typography.Text type="secondary">{t('avgDaysSaved')}</Typography.Text>
                <Bars
                  label={t('avgDaysSaved')}
                  unit={` ${t('days')}`}
                  rows={overview.byLicenseType.map((r) => ({ name: l('licenseType', r.licenseType), value: r.avgDaysSaved ?? 0 }))}
                />
                <Typography.Text type="secondary">{t('withinShare')}</Typography.Text>
                <Bars
                  label={t('withinShare')}
                  unit="%"
                  max={100}
                  rows={overview.byLicenseType.map((r) => ({
                    name: l('licenseType', r.licenseType),
                    value: (r.withinCommittedShare ?? 0) * 100,
                    color: '#1a7f37',
                  }))}
                />
              </>
            ) : null}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('report')}</h3>}>
            <div style={{ marginBottom: 12 }}>
              <Space wrap>
                <label>
                  {t('from')} <input type="date" value={range[0]} onChange={(e) => setRange([e.target.value, range[1]])} aria-label={t('from')} />
                </label>
                <label>
                  {t('to')} <input type="date" value={range[1]} onChange={(e) => setRange([range[0], e.target.value])} aria-label={t('to')} />
                </label>
                <Button
                  data-testid="csv"
                  onClick={() =>
                    void ok(
                      client.GET('/api/v1/reports/business-environment', {
                        params: { query: { from: range[0], to: range[1], format: 'csv' } },
                        parseAs: 'blob',
                      }),
                    ).then((b) => save(b, `business-environment-${range[0]}-${range[1]}.csv`), setError)
                  }
                >
                  {t('csv')}
                </Button>
              </Space>
            </div>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="report">
              {[...figures, ...supervisionFigures].map(([label, value]) => (
                <Descriptions.Item key={label} label={label}>
                  {value}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {report?.byLicenseType.length ? (
              <Rows<LicenceFigures>
                testid="report-licences"
                size="small"
                rowKey={(r) => r.licenseType}
                rows={report.byLicenseType}
                columns={[
                  { key: 'licenseType', title: t('licenseType'), render: (r) => l('licenseType', r.licenseType) },
                  { key: 'decided', title: t('decided'), render: (r) => count(r.decided) },
                  { key: 'approved', title: t('approved'), render: (r) => count(r.approved) },
                  { key: 'denied', title: t('denied'), render: (r) => count(r.denied) },
                  { key: 'used', title: t('averageDaysUsed'), render: (r) => days(r.averageDaysUsed) },
                  { key: 'saved', title: t('averageDaysSaved'), render: (r) => days(r.averageDaysSaved) },
                  { key: 'within', title: t('withinShare'), render: (r) => percent(r.withinCommittedShare) },
                  { key: 'share', title: t('averageShareOfCommittedLimitUsed'), render: (r) => percent(r.averageShareOfCommittedLimitUsed) },
                ]}
              />
            ) : null}
          </Card>
        </Col>
      </Row>
    </section>
  );
}
