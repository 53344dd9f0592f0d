import { useEffect, useState } from 'react';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import { api, download, qs } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { Bars } from './Bars';

interface Overview {
  open: Record<string, number>;
  paused: number;
  byLicenseType: { licenseType: string; closed: number; decided: number; avgElapsedDays: number | null; avgDaysSaved: number | null; withinCommittedShare: number | null }[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The SLA overview and the business-environment report (figures, CSV), drawn from live data. */
export default function Dashboard() {
  const { t, l } = useI18n();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [report, setReport] = useState<Record<string, unknown> | null>(null);
  const [range, setRange] = useState<[string, string]>(() => [`${new Date().getFullYear()}-01-01`, iso(new Date())]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Overview>('/api/v1/sla/overview').then(setOverview, setError);
  }, []);
  useEffect(() => {
    api.get<Record<string, unknown>>(`/api/v1/reports/business-environment${qs({ from: range[0], to: range[1] })}`).then(setReport, setError);
  }, [range]);
  const flat = Object.entries(report ?? {}).filter(([, v]) => typeof v !== 'object' || v === null);
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
                <Bars label={t('openCases')} rows={(['green', 'yellow', 'red'] as const).map((k) => ({ name: l('slaLevel', k), value: overview.open[k] ?? 0, color: k === 'green' ? '#1a7f37' : k === 'yellow' ? '#b58100' : '#c62828' }))} />
                <Statistic title={t('paused')} value={overview.paused} />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('closedByLicense')}</h3>}>
            {overview ? (
              <>
                <Bars label={t('avgDaysSaved')} rows={overview.byLicenseType.map((r) => ({ name: l('licenseType', r.licenseType), value: r.avgDaysSaved ?? 0 }))} />
                <Bars label={t('withinShare')} unit="%" max={100} rows={overview.byLicenseType.map((r) => ({ name: l('licenseType', r.licenseType), value: (r.withinCommittedShare ?? 0) * 100, color: '#1a7f37' }))} />
              </>
            ) : null}
          </Card>
        </Col>
        <Col span={24}>
          <Card
            size="small"
            title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('report')}</h3>}
            extra={
              <Space>
                <label>
                  {t('from')} <input type="date" value={range[0]} onChange={(e) => setRange([e.target.value, range[1]])} aria-label={t('from')} />
                </label>
                <label>
                  {t('to')} <input type="date" value={range[1]} onChange={(e) => setRange([range[0], e.target.value])} aria-label={t('to')} />
                </label>
                <Button data-testid="csv" onClick={async () => download(await api.blob(`/api/v1/reports/business-environment${qs({ from: range[0], to: range[1], format: 'csv' })}`), `business-environment-${range[0]}-${range[1]}.csv`)}>
                  {t('csv')}
                </Button>
              </Space>
            }
          >
            <Descriptions size="small" column={3} data-testid="report">
              {flat.map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {String(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        </Col>
      </Row>
    </section>
  );
}
