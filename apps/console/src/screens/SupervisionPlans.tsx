import { useEffect, useState } from 'react';
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Tag, Typography } from 'antd';
import { Rows } from '../Rows';
import { client, ok } from '../api';
import type { CreatePlan, Schemas } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';

type Plan = Schemas['PlanDto'];

const short = (v: string | null | undefined) => (v ? `${v.slice(0, 16)}…` : '');

/**
 * The draw screen: a head of enforcement draws a plan (no seed: the service draws it and shows only its
 * commitment until the period ends), sees each plan's commitment, the seed once revealed, and may cancel a plan
 * with a reason (published with it).
 */
export default function SupervisionPlans() {
  const { t, dateTime } = useI18n();
  const { message } = AntApp.useApp();
  const [drawn, setDrawn] = useState<Plan | null>(null);
  const [page, setPage] = useState<Schemas['PlanPageDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [cancelling, setCancelling] = useState<Plan | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    ok(client.GET('/api/v1/supervision/plans', { params: { query: { limit: 50 } } })).then(setPage, setError);
  }, [version]);

  const draw = async (v: { name: string; period: string; key: number; general: number; positiveList: number; inspectorsPerCheck: number }) => {
    setError(null);
    const body: CreatePlan = {
      name: v.name,
      period: v.period,
      ratios: { key: v.key, general: v.general, positiveList: v.positiveList },
      inspectorsPerCheck: v.inspectorsPerCheck,
    };
    try {
      setDrawn(await ok(client.POST('/api/v1/supervision/plans', { body })));
      setVersion((n) => n + 1);
      void message.success(t('saved'));
    } catch (e) {
      setError(e);
    }
  };

  const cancel = async () => {
    if (!cancelling) return;
    setError(null);
    try {
      await ok(client.POST('/api/v1/supervision/plans/{id}/cancel', { params: { path: { id: cancelling.id } }, body: { reason } }));
      setCancelling(null);
      setReason('');
      setVersion((n) => n + 1);
      void message.success(t('saved'));
    } catch (e) {
      setCancelling(null);
      setError(e);
    }
  };

  return (
    <>
      <Form
        layout="inline"
        onFinish={(v: Parameters<typeof draw>[0]) => void draw(v)}
        initialValues={{
          period: `${new Date().getFullYear()}-Q${Math.floor(new Date().getMonth() / 3) + 1}`,
          key: 0.25,
          general: 0.05,
          positiveList: 0.02,
          inspectorsPerCheck: 2,
        }}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item label={t('name')} name="name" rules={[{ required: true }]}>
          <Input data-testid="plan-name" />
        </Form.Item>
        <Form.Item label={t('period')} name="period" rules={[{ required: true }]}>
          <Input data-testid="plan-period" style={{ width: 100 }} />
        </Form.Item>
        <Form.Item label={t('ratioKey')} name="key">
          <InputNumber min={0} max={1} step={0.05} />
        </Form.Item>
        <Form.Item label={t('ratioGeneral')} name="general">
          <InputNumber min={0} max={1} step={0.01} />
        </Form.Item>
        <Form.Item label={t('ratioPositive')} name="positiveList">
          <InputNumber min={0} max={1} step={0.01} />
        </Form.Item>
        <Form.Item label={t('inspectorsPerCheck')} name="inspectorsPerCheck">
          <InputNumber min={2} max={10} />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid="draw-plan">
          {t('drawPlan')}
        </Button>
      </Form>
      <ErrorText error={error} />
      {drawn ? (
        <Typography.Paragraph data-testid="drawn">
          {t('seedCommitment')}: <code data-testid="drawn-commitment">{drawn.seedCommitment}</code> · {t('seed')}:{' '}
          {drawn.seed ? <code>{drawn.seed}</code> : <em>{t('seedSealed')}</em>} · {t('inputsHash')}: <code>{short(drawn.inputsHash)}</code> ·{' '}
          {drawn.checks.length} {t('checks')}
        </Typography.Paragraph>
      ) : null}
      <Rows<Plan>
        testid="plans"
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-plan': p.id, 'data-status': p.status })}
        size="small"
        loading={!page && !error}
        rows={page?.items ?? []}
        columns={[
          { key: 'name', title: t('name'), render: (p: Plan) => p.name },
          { key: 'period', title: t('period'), render: (p: Plan) => p.period },
          {
            key: 'status',
            title: t('status'),
            render: (p: Plan) =>
              p.status === 'cancelled' ? (
                <Tag style={{ color: '#111' }} title={p.cancelReason ?? ''}>
                  {t('planCancelled')}
                </Tag>
              ) : (
                <Tag style={{ color: '#111' }}>
                  {p.checks.length} {t('checks')}
                </Tag>
              ),
          },
          { key: 'seedCommitment', title: t('seedCommitment'), render: (p: Plan) => <code title={p.seedCommitment}>{short(p.seedCommitment)}</code> },
          {
            key: 'seed',
            title: t('seed'),
            render: (p: Plan) =>
              p.seed ? (
                <code data-testid="revealed-seed" title={p.seed}>
                  {short(p.seed)}
                </code>
              ) : (
                <em>{t('seedSealed')}</em>
              ),
          },
          { key: 'inputsHash', title: t('inputsHash'), render: (p: Plan) => <code title={p.inputsHash}>{short(p.inputsHash)}</code> },
          { key: 'drawnAt', title: t('drawnAt'), render: (p: Plan) => dateTime(p.drawnAt) },
          {
            key: 'actions',
            title: '',
            render: (p: Plan) =>
              p.status === 'drawn' && !p.periodEnded ? (
                <Button size="small" danger data-testid="cancel-plan" onClick={() => setCancelling(p)}>
                  {t('cancelPlan')}
                </Button>
              ) : p.cancelReason ? (
                <span>{p.cancelReason}</span>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!cancelling}
        title={`${t('cancelPlan')}: ${cancelling?.name ?? ''}`}
        onOk={() => void cancel()}
        onCancel={() => setCancelling(null)}
        okButtonProps={{ disabled: !reason.trim(), danger: true, ...{ 'data-testid': 'cancel-plan-ok' } }}
      >
        <label htmlFor="cancel-reason">{t('cancelReason')}</label>
        <Input.TextArea id="cancel-reason" data-testid="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={2000} />
      </Modal>
    </>
  );
}
