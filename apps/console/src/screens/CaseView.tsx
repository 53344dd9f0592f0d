import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, List, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { api, download, me } from '../api';
import type { Application, CaseDiagram, CompleteTask, HistoryLine } from '../api';
import { Diagram } from '../Diagram';
import { ErrorText, Lamp } from '../Lamp';
import { useI18n } from '../i18n';

const DEPTS = ['window', 'approval', 'eia', 'pollution', 'monitoring', 'enforcement', 'legal', 'radiation', 'solid_waste'];
const PAUSE_REASONS = ['expert_review', 'technical_assessment', 'hearing', 'inspection_testing', 'public_notice'];

interface StaffEntry {
  userId: string;
  name: string;
  dept: string;
  roles: string[];
}

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
}

/** Runs one API call for a form; keeps the API's refusal (status, code, message) to show beside it. */
function useAction(after: () => void) {
  const { message } = AntApp.useApp();
  const { t } = useI18n();
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const run = useCallback(
    async (key: string, fn: () => Promise<unknown>) => {
      setErrors((e) => ({ ...e, [key]: null }));
      try {
        await fn();
        void message.success(t('saved'));
        after();
        return true;
      } catch (err) {
        setErrors((e) => ({ ...e, [key]: err }));
        return false;
      }
    },
    [after, message, t],
  );
  return { errors, run };
}

/** The statutory clock as a bar in counted days: elapsed, the committed and statutory limits, extension, pauses. */
function ClockBar({ app }: { app: Application }) {
  const { t, l } = useI18n();
  const sla = app.sla;
  if (!sla || !sla.statutoryLimit) return <Typography.Text>{l('clock', sla?.clock ?? 'not_started')}</Typography.Text>;
  const ext = app.history.find((h) => h.action === 'extended');
  const statutory = sla.statutoryLimit.days;
  const committed = sla.committedLimit?.days ?? statutory;
  const total = Math.max(statutory, committed, sla.elapsedDays, 1);
  const pct = (d: number) => `${Math.min(100, (d / total) * 100)}%`;
  const pauses: { from: string; to?: string; reason?: string }[] = [];
  for (const h of app.history) {
    if (h.action === 'clock_suspended' || h.action === 'wait_started') pauses.push({ from: h.at, reason: String((h.detail as Record<string, unknown> | null)?.reason ?? (h.detail as Record<string, unknown> | null)?.pausesClock ?? '') });
    if (h.action === 'clock_resumed' && pauses.length && !pauses[pauses.length - 1].to) pauses[pauses.length - 1].to = h.at;
  }
  const color = sla.level === 'red' ? '#c62828' : sla.level === 'yellow' ? '#b58100' : '#1a7f37';
  return (
    <div data-testid="clock" data-level={sla.level} data-remaining={sla.remainingDays ?? ''}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Lamp level={sla.level} daysLeft={sla.clock === 'stopped' ? undefined : sla.remainingDays} unit={sla.committedLimit?.unit} />
        <Tag>{l('clock', sla.clock)}</Tag>
        <span>
          {t('elapsed')} {sla.elapsedDays} / {statutory} {l('limitUnit', sla.statutoryLimit.unit)}
        </span>
        {sla.daysSaved !== null ? <span>· {t('avgDaysSaved')}: {sla.daysSaved}</span> : null}
      </Space>
      <div style={{ position: 'relative', height: 22, background: '#eef2f7', borderRadius: 4, border: '1px solid #c4ccd6' }} aria-hidden="true">
        <div style={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: pct(sla.elapsedDays), background: color, opacity: 0.8, borderRadius: 4 }} />
        <div style={{ position: 'absolute', left: pct(committed), top: -4, bottom: -4, borderLeft: '2px dashed #0b57d0' }} />
        <div style={{ position: 'absolute', left: pct(statutory), top: -4, bottom: -4, borderLeft: '2px solid #c62828' }} />
      </div>
      <Descriptions size="small" column={2} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('committedDeadline')}>{sla.committedDeadline ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('statutoryDeadline')}>{sla.statutoryDeadline ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('extension')}>{ext ? `+${String((ext.detail as Record<string, unknown> | null)?.days ?? '')} · ${String((ext.detail as Record<string, unknown> | null)?.reason ?? '')}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('pause')}>
          {pauses.length ? pauses.map((p, i) => <div key={i}>{`${p.from.slice(0, 10)} → ${p.to ? p.to.slice(0, 10) : '…'} ${p.reason ? l('pauseReason', p.reason) : ''}`}</div>) : '—'}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function Countersign({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t, l } = useI18n();
  const { errors, run } = useAction(onDone);
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const opened = new Map(app.history.filter((h) => h.action === 'task_opened:countersign').map((h) => [String(h.detail?.taskId), String(h.detail?.dept)]));
  const votes = app.history.filter((h) => h.action.startsWith('countersign:') && h.actor !== 'system');
  const pending = app.openTasks.filter((x) => x.kind === 'countersign');
  if (!opened.size && !pending.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const isHead = me()?.roles.some((r) => r === 'head' || r === 'admin');
  return (
    <div data-testid="countersign">
      <List
        size="small"
        dataSource={[...votes.map((v) => ({ dept: opened.get(String(v.detail?.taskId)) ?? '', state: l('outcome', v.action.split(':')[1]), who: v.actor, done: true })), ...pending.map((p) => ({ dept: p.dept, state: t('pending'), who: p.assignee ?? '', done: false }))]}
        renderItem={(r) => (
          <List.Item data-testid="signer" data-dept={r.dept} data-done={String(r.done)}>
            <Space>
              <Tag color={r.done ? 'green' : 'gold'} style={{ color: '#111' }}>{r.done ? t('signed') : t('pending')}</Tag>
              <span>{l('dept', r.dept)}</span>
              <span>{r.state}</span>
              <Typography.Text type="secondary">{r.who}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {isHead && pending.length ? (
        <Space wrap>
          <Select mode="multiple" aria-label={t('addSigners')} placeholder={t('addSigners')} style={{ minWidth: 180 }} value={add} onChange={setAdd} options={DEPTS.map((d) => ({ value: d, label: l('dept', d) }))} />
          <Select mode="multiple" aria-label={t('removeSigners')} placeholder={t('removeSigners')} style={{ minWidth: 180 }} value={remove} onChange={setRemove} options={pending.map((p) => ({ value: p.dept, label: l('dept', p.dept) }))} />
          <Button onClick={() => run('signers', () => api.post(`/api/v1/applications/${encodeURIComponent(app.id)}/countersign/signers`, { ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) }))}>{t('change')}</Button>
        </Space>
      ) : null}
      <ErrorText error={errors.signers} />
    </div>
  );
}

function Actions({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t, l } = useI18n();
  const { errors, run } = useAction(onDone);
  const who = me();
  const mine = app.openTasks.find((x) => x.dept === who?.dept || x.assignee === who?.id) ?? app.openTasks[0];
  const [taskId, setTaskId] = useState<string | undefined>(mine?.id);
  useEffect(() => setTaskId(mine?.id), [mine?.id]);
  const task = app.openTasks.find((x) => x.id === taskId);
  const outcomes = task?.kind === 'acceptance' ? ['accept', 'request_correction', 'not_accept'] : ['approve', 'reject', 'return'];
  const [complete] = Form.useForm<{ outcome: CompleteTask['outcome']; comment?: string; corrections?: string[] }>();
  const outcome = Form.useWatch('outcome', complete);
  const base = `/api/v1/applications/${encodeURIComponent(app.id)}`;
  // transfer targets: active members of the task's department in the staff directory (API.md "Who may act")
  const [handOn] = Form.useForm<{ toUserId: string; how?: 'delegate' | 'transfer' }>();
  const [colleagues, setColleagues] = useState<StaffEntry[]>([]);
  useEffect(() => {
    if (!task?.dept) return;
    api.get<{ items: StaffEntry[] }>(`/api/v1/staff?active=true&limit=1000&dept=${encodeURIComponent(task.dept)}`).then((r) => setColleagues(r.items), () => setColleagues([]));
  }, [task?.dept]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="actions">
      {app.openTasks.length ? (
        <Card size="small" title={t('complete')}>
          <Form
            form={complete}
            layout="vertical"
            onFinish={(v) =>
              task &&
              run('complete', () =>
                api.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/complete`, { outcome: v.outcome, ...(v.comment ? { comment: v.comment } : {}), ...(v.outcome === 'request_correction' ? { corrections: v.corrections ?? [] } : {}) }),
              ).then((ok) => ok && complete.resetFields())
            }
          >
            <Form.Item label={t('kind')}>
              <Select aria-label={t('kind')} value={taskId} onChange={setTaskId} data-testid="task-select" options={app.openTasks.map((x) => ({ value: x.id, label: `${l('taskKind', x.kind)} · ${l('dept', x.dept)}` }))} />
            </Form.Item>
            <Form.Item label={t('outcome')} name="outcome" rules={[{ required: true }]}>
              <Select aria-label={t('outcome')} data-testid="outcome" options={outcomes.map((o) => ({ value: o, label: l('outcome', o) }))} />
            </Form.Item>
            {outcome === 'request_correction' ? (
              <Form.Item label={t('corrections')} name="corrections">
                <Checkbox.Group data-testid="corrections" options={(app.materials ?? []).map((m) => ({ value: m.code, label: m.fileName }))} />
              </Form.Item>
            ) : null}
            <Form.Item label={t('comment')} name="comment">
              <Input.TextArea rows={2} data-testid="comment" />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="complete">
              {t('submit')}
            </Button>
          </Form>
          <ErrorText error={errors.complete} />
        </Card>
      ) : null}
      {task ? (
        <Card size="small" title={`${t('delegate')} / ${t('transfer')}`}>
          <Form layout="inline" onFinish={(v: { toUserId: string; how?: 'delegate' | 'transfer' }) => run('delegate', () => api.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/${v.how ?? 'delegate'}`, { toUserId: v.toUserId }))} form={handOn}>
            <Form.Item label={t('handTo')} name="toUserId" rules={[{ required: true }]}>
              <Select
                showSearch
                aria-label={t('handTo')}
                data-testid="hand-to"
                style={{ minWidth: 220 }}
                optionFilterProp="label"
                options={colleagues.filter((c) => c.userId !== who?.id).map((c) => ({ value: c.userId, label: `${c.name} (${c.userId})${c.roles.includes('head') ? ' · head' : ''}` }))}
              />
            </Form.Item>
            <Form.Item name="how" hidden>
              <Input />
            </Form.Item>
            <Button htmlType="submit" onClick={() => handOn.setFieldValue('how', 'delegate')} data-testid="delegate">{t('delegate')}</Button>
            <Button htmlType="submit" onClick={() => handOn.setFieldValue('how', 'transfer')} data-testid="transfer">{t('transfer')}</Button>
          </Form>
          <ErrorText error={errors.delegate} />
        </Card>
      ) : null}
      {app.status !== 'approved' && app.status !== 'denied' && app.status !== 'withdrawn' && app.status !== 'not_accepted' ? (
        <Card size="small" title={t('recuse')}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('recuseHint')}</Typography.Paragraph>
          <Form layout="inline" onFinish={(v: { reason: string }) => run('recuse', () => api.post(`${base}/recusals`, v))}>
            <Form.Item label={t('recuseReason')} name="reason" rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="recuse-reason" style={{ minWidth: 240 }} />
            </Form.Item>
            <Button htmlType="submit" data-testid="recuse">{t('recuse')}</Button>
          </Form>
          <ErrorText error={errors.recuse} />
        </Card>
      ) : null}
      {app.sla && app.sla.clock !== 'stopped' && app.sla.clock !== 'not_started' ? (
        <Card size="small" title={t('clock')}>
          {app.sla.clock === 'running' ? (
            <Form layout="vertical" onFinish={(v: { reason: string; expectedDays: number; comment?: string }) => run('clock', () => api.post(`${base}/clock/suspend`, v))}>
              <Form.Item label={t('reason')} name="reason" rules={[{ required: true }]}>
                <Select aria-label={t('reason')} options={PAUSE_REASONS.map((r) => ({ value: r, label: l('pauseReason', r) }))} />
              </Form.Item>
              <Form.Item label={t('expectedDays')} name="expectedDays" rules={[{ required: true }]}>
                <InputNumber min={1} max={365} />
              </Form.Item>
              <Form.Item label={t('comment')} name="comment">
                <Input />
              </Form.Item>
              <Button htmlType="submit" data-testid="suspend">{t('suspend')}</Button>
            </Form>
          ) : (
            <Button onClick={() => run('clock', () => api.post(`${base}/clock/resume`, {}))} data-testid="resume">
              {t('resume')}
            </Button>
          )}
          <ErrorText error={errors.clock} />
          <Form layout="inline" style={{ marginTop: 12 }} onFinish={(v: { days: number; reason: string }) => run('extend', () => api.post(`${base}/extensions`, v))}>
            <Form.Item label={t('extendDays')} name="days" rules={[{ required: true }]}>
              <InputNumber min={1} max={10} data-testid="extend-days" />
            </Form.Item>
            <Form.Item label={t('reason')} name="reason" rules={[{ required: true }]}>
              <Input data-testid="extend-reason" />
            </Form.Item>
            <Button htmlType="submit" data-testid="extend">{t('extend')}</Button>
          </Form>
          <ErrorText error={errors.extend} />
        </Card>
      ) : null}
    </Space>
  );
}

/** One case: who and what, materials, the clock, the workflow, the countersign, the timeline, and what I may do. */
export default function CaseView({ id }: { id: string }) {
  const { t, l, labels } = useI18n();
  const [app, setApp] = useState<Application | null>(null);
  const [diagram, setDiagram] = useState<CaseDiagram | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const path = `/api/v1/applications/${encodeURIComponent(id)}`;
  const load = useCallback(() => {
    api.get<Application>(path).then(setApp, setError);
    api.get<CaseDiagram>(`${path}/diagram`).then(setDiagram, () => setDiagram(null));
    api.get<AuditEntry[] | { items: AuditEntry[] }>(`${path}/audit`).then((a) => setAudit(Array.isArray(a) ? a : a.items), () => setAudit([]));
  }, [path]);
  useEffect(load, [load]);
  if (error) return <ErrorText error={error} />;
  if (!app) return null;
  const openFile = async (sha256: string, name: string) => {
    const blob = await api.blob(`/api/v1/files/${sha256}`);
    const url = URL.createObjectURL(blob);
    if (!window.open(url, '_blank')) download(blob, name);
  };
  const history: HistoryLine[] = app.history;
  // "review:approve" → 审查 · 同意; "task_opened:review", "started:…" keep their code after the label
  const action = (a: string) => {
    const [x, y] = a.split(':');
    if (y && labels.taskKind?.[x]) return `${l('taskKind', x)} · ${l('outcome', y)}`;
    if (y && labels.taskKind?.[y]) return `${x} · ${l('taskKind', y)}`;
    return labels.status?.[a] ?? a;
  };
  return (
    <article aria-labelledby="case-title" data-testid="case" data-status={app.status}>
      <Typography.Title level={2} id="case-title" style={{ fontSize: 20 }}>
        {app.project?.name ?? app.id} <Tag data-testid="case-status">{l('status', app.status)}</Tag>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('application')}</h3>}>
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('applicant')}>{app.applicant.name}</Descriptions.Item>
                <Descriptions.Item label="USCC">{app.applicant.creditCode}</Descriptions.Item>
                <Descriptions.Item label={t('licenseType')}>{l('licenseType', app.licenseType)}</Descriptions.Item>
                <Descriptions.Item label={t('project')}>{[app.project?.name, app.project?.code, app.project?.location].filter(Boolean).join(' · ')}</Descriptions.Item>
                <Descriptions.Item label={t('createdAt')}>{new Date(app.createdAt).toLocaleString()}</Descriptions.Item>
                <Descriptions.Item label="ID">{app.id}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('clock')}</h3>}>
              <ClockBar app={app} />
            </Card>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('materials')}</h3>}>
              <List
                size="small"
                dataSource={app.materials ?? []}
                renderItem={(m) => (
                  <List.Item actions={[<Button key="o" size="small" type="link" onClick={() => openFile(m.sha256, m.fileName)} data-testid="open-file">{t('openFile')}</Button>]}>
                    {m.fileName} <Typography.Text type="secondary">({m.code})</Typography.Text>
                  </List.Item>
                )}
              />
            </Card>
            {diagram ? (
              <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('diagram')}</h3>}>
                <Diagram diagram={diagram} />
              </Card>
            ) : null}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('timeline')}</h3>}>
              <Timeline items={history.map((h, i) => ({ key: i, children: <span data-testid="history">{`${new Date(h.at).toLocaleString()} · ${h.actor} · ${action(h.action)}${h.detail && typeof h.detail.comment === 'string' && h.detail.comment ? ` · ${h.detail.comment}` : ''}`}</span> }))} />
              {audit.length ? (
                <details>
                  <summary>{t('audit')} ({audit.length})</summary>
                  <ol>{audit.map((a) => <li key={a.seq}>{`${a.at} ${a.actor} ${a.action}`}</li>)}</ol>
                </details>
              ) : null}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('countersign')}</h3>}>
              <Countersign app={app} onDone={load} />
            </Card>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('actions')}</h3>}>
              <Actions app={app} onDone={load} />
            </Card>
          </Space>
        </Col>
      </Row>
    </article>
  );
}
