import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { client, me, ok, save } from '../api';
import type { Application, CaseDiagram, CompleteTask, HistoryLine, Schemas, SuspendClock } from '../api';
import { CalendarStrip } from '../CalendarStrip';
import { Diagram } from '../Diagram';
import { ErrorText, Lamp } from '../Lamp';
import { useI18n } from '../i18n';
import { usePhone } from '../phone';
import type { I18n } from '../i18n';

const DEPTS: Dept[] = ['window', 'approval', 'eia', 'pollution', 'monitoring', 'enforcement', 'legal', 'radiation', 'solid_waste'];
const PAUSE_REASONS: SuspendClock['reason'][] = ['expert_review', 'technical_assessment', 'hearing', 'inspection_testing', 'public_notice'];
const SANCTIONS: Sanction[] = ['warning', 'fine', 'order_to_correct', 'suspend_production'];

type StaffEntry = Schemas['StaffPageDto']['items'][number];
type AuditEntry = Schemas['AuditPageDto']['items'][number];
type Dept = Schemas['StaffPageDto']['items'][number]['dept'];
type Sanction = Schemas['SanctionDto']['kind'];
type Permit = Schemas['PermitDto'];

/**
 * Runs one API call for a form; keeps the API's refusal (status, code, message) to show beside it. It never
 * rejects (it answers whether the call went through), so handlers call it with `void`.
 */
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

/** Statuses before acceptance (or refused at the window): the statutory clock has not started and never will for them. */
const BEFORE_ACCEPTANCE = new Set(['submitted', 'correction_requested', 'not_accepted', 'withdrawn']);

/** Why a case shows no clock, or null when it has one. */
function noClock(app: Application): 'noClockYet' | 'noClockRefused' | 'noClockWithdrawn' | 'noClock' | null {
  const sla = app.sla;
  const neverAccepted = app.acceptedOn === null && BEFORE_ACCEPTANCE.has(app.status);
  if (sla && sla.statutoryLimit && sla.clock !== 'not_started' && !neverAccepted) return null;
  if (app.status === 'not_accepted') return 'noClockRefused';
  if (app.status === 'withdrawn') return 'noClockWithdrawn';
  if (app.status === 'submitted' || app.status === 'correction_requested') return 'noClockYet';
  return 'noClock';
}

/**
 * The statutory clock as a bar in counted days: elapsed, the committed and statutory limits, extension, pauses.
 * None before acceptance or after a refusal at the window; once decided, the stopped figures (used, saved).
 */
function ClockBar({ app }: { app: Application }) {
  const { t, l, date, days } = useI18n();
  const why = noClock(app);
  const sla = app.sla;
  if (why || !sla || !sla.statutoryLimit) return <Typography.Text data-testid="no-clock">{t(why ?? 'noClock')}</Typography.Text>;
  const unit = sla.statutoryLimit.unit;
  const detail = (h: HistoryLine) => (h.detail ?? {}) as Record<string, unknown>;
  const ext = app.history.find((h) => h.action === 'extended');
  const statutory = sla.statutoryLimit.days;
  const committed = sla.committedLimit?.days ?? statutory;
  const total = Math.max(statutory, committed, sla.elapsedDays, 1);
  const pct = (d: number) => `${Math.min(100, (d / total) * 100)}%`;
  const pauses: { from: string; to?: string; reason?: string }[] = [];
  for (const h of app.history) {
    if (h.action === 'clock_suspended' || (h.action === 'wait_started' && detail(h).pausesClock))
      pauses.push({ from: h.at, reason: typeof detail(h).reason === 'string' ? (detail(h).reason as string) : undefined });
    if (h.action === 'clock_resumed' && pauses.length && !pauses[pauses.length - 1].to) pauses[pauses.length - 1].to = h.at;
  }
  const stopped = sla.clock === 'stopped';
  const color = sla.level === 'red' ? '#c62828' : sla.level === 'yellow' ? '#b58100' : '#1a7f37';
  return (
    <div data-testid="clock" data-level={sla.level} data-clock={sla.clock} data-remaining={sla.remainingDays ?? ''}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Lamp level={sla.level} daysLeft={stopped ? undefined : sla.remainingDays} unit={sla.committedLimit?.unit ?? unit} />
        <Tag>{l('clock', sla.clock)}</Tag>
        {stopped ? (
          <>
            <span data-testid="days-used">{`${t('daysUsed')} ${days(sla.elapsedDays, unit)}`}</span>
            {sla.daysSaved !== null ? (
              <span data-testid="days-saved">
                {sla.daysSaved >= 0 ? `${t('daysSaved')} ${days(sla.daysSaved, unit)}` : `${t('daysLate')} ${days(-sla.daysSaved, unit)}`}
              </span>
            ) : null}
          </>
        ) : (
          <span>{`${t('elapsed')} ${days(sla.elapsedDays, unit)} / ${days(statutory, unit)}`}</span>
        )}
      </Space>
      <div style={{ position: 'relative', height: 22, background: '#eef2f7', borderRadius: 4, border: '1px solid #c4ccd6' }} aria-hidden="true">
        <div style={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: pct(sla.elapsedDays), background: color, opacity: 0.8, borderRadius: 4 }} />
        <div style={{ position: 'absolute', left: pct(committed), top: -4, bottom: -4, borderLeft: '2px dashed #0b57d0' }} />
        <div style={{ position: 'absolute', left: pct(statutory), top: -4, bottom: -4, borderLeft: '2px solid #c62828' }} />
      </div>
      {app.acceptedOn && sla.statutoryDeadline ? <CalendarStrip from={app.acceptedOn.slice(0, 10)} to={sla.statutoryDeadline} pauses={pauses} /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('committedDeadline')}>{date(sla.committedDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('statutoryDeadline')}>{date(sla.statutoryDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('extension')}>
          {ext ? `+${days(Number(detail(ext).days ?? 0), 'working')} · ${String(detail(ext).reason ?? '')}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('pause')}>
          {pauses.length
            ? pauses.map((p, i) => <div key={i}>{`${date(p.from)} → ${p.to ? date(p.to) : '…'} ${p.reason ? l('pauseReason', p.reason) : ''}`}</div>)
            : '—'}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

/** Who acted, in words: the system, the applicant (by the enterprise's name), or the member of staff's own id. */
function actorOf(i18n: I18n, app: Application, applicantActors: Set<string>, actor: string): string {
  if (actor === 'system' || actor.startsWith('system:')) return i18n.t('system');
  if (actor === 'monitoring') return i18n.t('monitoringSystem');
  if (applicantActors.has(actor)) return app.applicant?.name ?? i18n.t('applicant');
  return actor;
}

/** The actors that are the applicant: whoever filed, supplemented or withdrew the application. */
function applicantActorsOf(app: Application): Set<string> {
  return new Set(
    app.history
      .filter(
        (h) => h.action === 'submitted' || h.action === 'filed' || h.action.startsWith('started') || h.action === 'supplemented' || h.action === 'withdrawn',
      )
      .map((h) => h.actor)
      .filter((a) => a !== 'system' && !a.startsWith('system:')),
  );
}

function Countersign({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t, l } = useI18n();
  const { errors, run } = useAction(onDone);
  const [add, setAdd] = useState<Dept[]>([]);
  const [remove, setRemove] = useState<Dept[]>([]);
  const opened = new Map(app.history.filter((h) => h.action === 'task_opened:countersign').map((h) => [String(h.detail?.taskId), String(h.detail?.dept)]));
  const votes = app.history.filter((h) => h.action.startsWith('countersign:') && h.actor !== 'system');
  const pending = app.openTasks.filter((x) => x.kind === 'countersign');
  if (!opened.size && !pending.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const isHead = me()?.roles.some((r) => r === 'head' || r === 'admin');
  return (
    <div data-testid="countersign">
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {[
          ...votes.map((v) => ({ dept: opened.get(String(v.detail?.taskId)) ?? '', state: l('outcome', v.action.split(':')[1]), who: v.actor, done: true })),
          ...pending.map((p) => ({ dept: p.dept, state: t('pending'), who: p.assignee ?? '', done: false })),
        ].map((r, i) => (
          <li key={i} data-testid="signer" data-dept={r.dept} data-done={String(r.done)} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
            <Space wrap>
              <Tag color={r.done ? 'green' : 'gold'} style={{ color: '#111' }}>
                {r.done ? t('signed') : t('pending')}
              </Tag>
              <span>{l('dept', r.dept)}</span>
              {r.done ? <span>{r.state}</span> : null}
              {r.who ? <Typography.Text type="secondary">{r.who}</Typography.Text> : null}
            </Space>
          </li>
        ))}
      </ul>
      {isHead && pending.length ? (
        <Space wrap>
          <Select
            mode="multiple"
            aria-label={t('addSigners')}
            data-testid="signers-add"
            placeholder={t('addSigners')}
            style={{ minWidth: 180 }}
            value={add}
            onChange={setAdd}
            options={DEPTS.map((d) => ({ value: d, label: l('dept', d) }))}
          />
          <Select
            mode="multiple"
            aria-label={t('removeSigners')}
            data-testid="signers-remove"
            placeholder={t('removeSigners')}
            style={{ minWidth: 180 }}
            value={remove}
            onChange={setRemove}
            options={pending.map((p) => ({ value: p.dept, label: l('dept', p.dept) }))}
          />
          <Button
            onClick={() =>
              void run('signers', () =>
                ok(
                  client.POST('/api/v1/applications/{id}/countersign/signers', {
                    params: { path: { id: app.id } },
                    body: { ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) },
                  }),
                ),
              ).then((done) => {
                // a change made is not asked again: the next change starts from an empty choice
                if (done) {
                  setAdd([]);
                  setRemove([]);
                }
              })
            }
            data-testid="signers-save"
          >
            {t('change')}
          </Button>
        </Space>
      ) : null}
      <ErrorText error={errors.signers} />
    </div>
  );
}

function Actions({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t, l } = useI18n();
  const inline = usePhone() ? 'vertical' : 'inline';
  const { errors, run } = useAction(onDone);
  const who = me();
  // an inspection is recorded with the check's result (Inspection below), never as a task command
  const tasks = app.openTasks.filter((x) => x.kind !== 'inspection');
  const mine = tasks.find((x) => x.dept === who?.dept || x.assignee === who?.id) ?? tasks[0];
  const [taskId, setTaskId] = useState<string | undefined>(mine?.id);
  useEffect(() => setTaskId(mine?.id), [mine?.id]);
  const task = tasks.find((x) => x.id === taskId);
  const outcomes = task?.kind === 'acceptance' ? ['accept', 'request_correction', 'not_accept'] : ['approve', 'reject', 'return'];
  const [complete] = Form.useForm<{ outcome: CompleteTask['outcome']; comment?: string; corrections?: string[] }>();
  const outcome = Form.useWatch('outcome', complete);
  // transfer targets: active members of the task's department in the staff directory (API.md "Who may act")
  const [handOn] = Form.useForm<{ toUserId: string; how?: 'delegate' | 'transfer' }>();
  const [colleagues, setColleagues] = useState<StaffEntry[]>([]);
  useEffect(() => {
    if (!task?.dept) return;
    ok(client.GET('/api/v1/staff', { params: { query: { active: 'true', limit: 1000, dept: task.dept as Dept } } })).then(
      (r) => setColleagues(r.items),
      () => setColleagues([]),
    );
  }, [task?.dept]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="actions">
      {tasks.length ? (
        <Card size="small" title={t('complete')}>
          <Form
            form={complete}
            layout="vertical"
            onFinish={(v) =>
              void (
                task &&
                run('complete', () =>
                  ok(
                    client.POST('/api/v1/tasks/{id}/complete', {
                      params: { path: { id: task.id } },
                      body: {
                        outcome: v.outcome,
                        ...(v.comment ? { comment: v.comment } : {}),
                        ...(v.outcome === 'request_correction' ? { corrections: v.corrections ?? [] } : {}),
                      },
                    }),
                  ),
                ).then((done) => done && complete.resetFields())
              )
            }
          >
            <Form.Item label={t('kind')}>
              <Select
                aria-label={t('kind')}
                value={taskId}
                onChange={setTaskId}
                data-testid="task-select"
                options={tasks.map((x) => ({ value: x.id, label: `${l('taskKind', x.kind)} · ${l('dept', x.dept)}` }))}
              />
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
          <Form
            layout={inline}
            onFinish={(v: { toUserId: string; how?: 'delegate' | 'transfer' }) =>
              void run('delegate', () =>
                ok(
                  client.POST(v.how === 'transfer' ? '/api/v1/tasks/{id}/transfer' : '/api/v1/tasks/{id}/delegate', {
                    params: { path: { id: task.id } },
                    body: { toUserId: v.toUserId },
                  }),
                ),
              )
            }
            form={handOn}
          >
            <Form.Item label={t('handTo')} name="toUserId" rules={[{ required: true }]}>
              <Select
                showSearch
                aria-label={t('handTo')}
                data-testid="hand-to"
                style={{ minWidth: 220 }}
                optionFilterProp="label"
                options={colleagues
                  .filter((c) => c.userId !== who?.id)
                  .map((c) => ({ value: c.userId, label: `${c.name} (${c.userId})${c.roles.includes('head') ? ` · ${t('headRole')}` : ''}` }))}
              />
            </Form.Item>
            <Form.Item name="how" hidden>
              <Input />
            </Form.Item>
            <Button htmlType="submit" onClick={() => handOn.setFieldValue('how', 'delegate')} data-testid="delegate">
              {t('delegate')}
            </Button>
            <Button htmlType="submit" onClick={() => handOn.setFieldValue('how', 'transfer')} data-testid="transfer">
              {t('transfer')}
            </Button>
          </Form>
          <ErrorText error={errors.delegate} />
        </Card>
      ) : null}
      {!app.caseKind && app.status !== 'approved' && app.status !== 'denied' && app.status !== 'withdrawn' && app.status !== 'not_accepted' ? (
        <Card size="small" title={t('recuse')}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('recuseHint')}
          </Typography.Paragraph>
          <Form
            layout={inline}
            onFinish={(v: { reason: string }) =>
              void run('recuse', () => ok(client.POST('/api/v1/applications/{id}/recusals', { params: { path: { id: app.id } }, body: v })))
            }
          >
            <Form.Item label={t('recuseReason')} name="reason" rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="recuse-reason" style={{ minWidth: 240 }} />
            </Form.Item>
            <Button htmlType="submit" data-testid="recuse">
              {t('recuse')}
            </Button>
          </Form>
          <ErrorText error={errors.recuse} />
        </Card>
      ) : null}
      {!app.caseKind && app.sla && app.sla.clock !== 'stopped' && app.sla.clock !== 'not_started' ? (
        <Card size="small" title={t('clock')}>
          {app.sla.clock === 'running' ? (
            <Form
              layout="vertical"
              onFinish={(v: SuspendClock) =>
                void run('clock', () => ok(client.POST('/api/v1/applications/{id}/clock/suspend', { params: { path: { id: app.id } }, body: v })))
              }
            >
              <Form.Item label={t('reason')} name="reason" rules={[{ required: true }]}>
                <Select aria-label={t('reason')} data-testid="suspend-reason" options={PAUSE_REASONS.map((r) => ({ value: r, label: l('pauseReason', r) }))} />
              </Form.Item>
              <Form.Item label={t('expectedDays')} name="expectedDays" rules={[{ required: true }]}>
                <InputNumber min={1} max={365} data-testid="suspend-days" />
              </Form.Item>
              <Form.Item label={t('comment')} name="comment">
                <Input />
              </Form.Item>
              <Button htmlType="submit" data-testid="suspend">
                {t('suspend')}
              </Button>
            </Form>
          ) : (
            <Button
              onClick={() => void run('clock', () => ok(client.POST('/api/v1/applications/{id}/clock/resume', { params: { path: { id: app.id } }, body: {} })))}
              data-testid="resume"
            >
              {t('resume')}
            </Button>
          )}
          <ErrorText error={errors.clock} />
          <Form
            layout={inline}
            style={{ marginTop: 12 }}
            onFinish={(v: { days: number; reason: string }) =>
              void run('extend', () => ok(client.POST('/api/v1/applications/{id}/extensions', { params: { path: { id: app.id } }, body: v })))
            }
          >
            <Form.Item label={t('extendDays')} name="days" rules={[{ required: true }]}>
              <InputNumber min={1} max={10} data-testid="extend-days" />
            </Form.Item>
            <Form.Item label={t('reason')} name="reason" rules={[{ required: true }]}>
              <Input data-testid="extend-reason" />
            </Form.Item>
            <Button htmlType="submit" data-testid="extend">
              {t('extend')}
            </Button>
          </Form>
          <ErrorText error={errors.extend} />
        </Card>
      ) : null}
    </Space>
  );
}

/** A supervision case's facts: the check (inspectors, results), the alarm, or the penalty (proposal, statements, hearing, decision). */
function SupervisionFacts({ app }: { app: Application }) {
  const { t, l } = useI18n();
  const f = app.facts ?? {};
  const sanction = f.sanction as { kind: string; amountYuan: number | null } | null | undefined;
  const statements = (f.statements as { at: string; by: string; text: string }[] | undefined) ?? [];
  const show = (v: unknown) =>
    v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return (
    <Card
      size="small"
      title={
        <h3 style={{ margin: 0, fontSize: 15 }}>
          {t('caseFacts')} · {t(app.caseKind!)}
        </h3>
      }
      data-testid="case-facts"
      data-kind={app.caseKind}
    >
      {app.caseKind === 'penalty' ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('status')}>
            {show(f.status)} · {show(f.source)}
          </Descriptions.Item>
          <Descriptions.Item label={t('facts')}>{show(f.facts)}</Descriptions.Item>
          <Descriptions.Item label={t('legalBasis')}>{show(f.legalBasis)}</Descriptions.Item>
          <Descriptions.Item label={t('sanction')}>
            {sanction ? `${l('sanction', sanction.kind)}${sanction.amountYuan ? ` · ${sanction.amountYuan.toLocaleString()}` : ''}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('statementDue')}>{show(f.statementDue)}</Descriptions.Item>
          <Descriptions.Item label={t('hearingDue')}>{show(f.hearingDue)}</Descriptions.Item>
          <Descriptions.Item label={t('hearingRequested')}>{f.hearingRequested ? '✓' : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('decisionNo')}>
            {show(f.decisionNo)} {f.decidedOn ? `· ${show(f.decidedOn)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('statements')}>
            {statements.length ? (
              <ol style={{ margin: 0, paddingLeft: 18 }} data-testid="statements">
                {statements.map((s, i) => (
                  <li key={i}>{`${new Date(s.at).toLocaleString()} · ${s.text}`}</li>
                ))}
              </ol>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Descriptions size="small" column={1}>
          {Object.entries(f)
            .filter(([k]) => !['id', 'caseId'].includes(k))
            .map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {show(v)}
              </Descriptions.Item>
            ))}
        </Descriptions>
      )}
    </Card>
  );
}

/** An inspector's own result of a check (each drawn inspector records; findings required for a violation). */
function Inspection({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t } = useI18n();
  const { errors, run } = useAction(onDone);
  const who = me();
  const own = app.openTasks.find((x) => x.kind === 'inspection' && x.assignee === who?.id);
  if (!own) return null;
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('recordResult')}</h3>} data-testid="inspection">
      <Form
        layout="vertical"
        onFinish={(v: { outcome: 'compliant' | 'violation'; findings?: string }) =>
          void run('result', () =>
            ok(
              client.POST('/api/v1/supervision/checks/{id}/result', {
                params: { path: { id: app.id } },
                body: { outcome: v.outcome, ...(v.findings ? { findings: v.findings } : {}) },
              }),
            ),
          )
        }
      >
        <Form.Item label={t('outcome')} name="outcome" rules={[{ required: true }]}>
          <Select
            aria-label={t('outcome')}
            data-testid="check-outcome"
            options={(['compliant', 'violation'] as const).map((o) => ({ value: o, label: t(o) }))}
          />
        </Form.Item>
        <Form.Item label={t('findings')} name="findings">
          <Input.TextArea rows={3} data-testid="findings" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="record-result">
          {t('submit')}
        </Button>
      </Form>
      <ErrorText error={errors.result} />
    </Card>
  );
}

/** The legal section's proposal while the penalty's legal review is open; a head of enforcement publishes a decided one. */
function Proposal({ app, onDone }: { app: Application; onDone: () => void }) {
  const { t, l } = useI18n();
  const { errors, run } = useAction(onDone);
  const who = me();
  const f = app.facts ?? {};
  const [form] = Form.useForm<{ facts: string; legalBasis: string; kind: Sanction; amountYuan?: number }>();
  const kind = Form.useWatch('kind', form);
  const reviewing = app.openTasks.some((x) => x.kind === 'legal_review') && who?.dept === 'legal';
  const publishable = f.status === 'decided' && !f.publishedAt && (who?.roles.includes('admin') || (who?.roles.includes('head') && who.dept === 'enforcement'));
  if (!reviewing && !publishable) return null;
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t(reviewing ? 'proposal' : 'publish')}</h3>} data-testid="penalty-actions">
      {reviewing ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            facts: f.facts ?? f.findings ?? '',
            legalBasis: f.legalBasis ?? '',
            kind: (f.sanction as { kind?: string } | null)?.kind,
            amountYuan: (f.sanction as { amountYuan?: number } | null)?.amountYuan ?? undefined,
          }}
          onFinish={(v) =>
            void run('proposal', () =>
              ok(
                client.PUT('/api/v1/supervision/penalties/{id}/proposal', {
                  params: { path: { id: app.id } },
                  body: { facts: v.facts, legalBasis: v.legalBasis, sanction: { kind: v.kind, ...(v.kind === 'fine' ? { amountYuan: v.amountYuan } : {}) } },
                }),
              ),
            )
          }
        >
          <Form.Item label={t('facts')} name="facts" rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="proposal-facts" />
          </Form.Item>
          <Form.Item label={t('legalBasis')} name="legalBasis" rules={[{ required: true }]}>
            <Input data-testid="proposal-basis" />
          </Form.Item>
          <Form.Item label={t('sanction')} name="kind" rules={[{ required: true }]}>
            <Select aria-label={t('sanction')} data-testid="proposal-kind" options={SANCTIONS.map((k) => ({ value: k, label: l('sanction', k) }))} />
          </Form.Item>
          {kind === 'fine' ? (
            <Form.Item label={t('amountYuan')} name="amountYuan" rules={[{ required: true }]}>
              <InputNumber min={1} max={1_000_000_000} data-testid="proposal-amount" />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" data-testid="propose">
            {t('submit')}
          </Button>
        </Form>
      ) : (
        <Button
          type="primary"
          onClick={() => void run('publish', () => ok(client.POST('/api/v1/supervision/penalties/{id}/publish', { params: { path: { id: app.id } } })))}
          data-testid="publish"
        >
          {t('publish')}
        </Button>
      )}
      <ErrorText error={errors.proposal ?? errors.publish} />
    </Card>
  );
}

/** The statuses after which the enterprise rates the case (好差评). */
const RATED_AFTER = new Set(['approved', 'denied', 'not_accepted']);

/** 好差评: the enterprise's rating of the decided case (the API's `rating`, null until it rates), read-only for staff. */
function RatingCard({ app }: { app: Application }) {
  const { t, dateTime } = useI18n();
  const r = app.rating;
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('rating')}</h3>} data-testid="case-rating" data-score={r?.score ?? ''}>
      {r ? (
        <Space orientation="vertical" size={4}>
          <span>
            <span aria-hidden="true" style={{ color: '#8a5a00' }}>
              {'★'.repeat(r.score) + '☆'.repeat(5 - r.score)}
            </span>{' '}
            <span data-testid="case-rating-score">{`${r.score} / 5`}</span> · {dateTime(r.ratedAt)}
          </span>
          {r.comment ? (
            <span data-testid="case-rating-comment" data-user-text="" style={{ overflowWrap: 'anywhere' }}>
              {r.comment}
            </span>
          ) : null}
          {r.followUp ? (
            <span data-testid="case-rating-follow-up" style={{ color: '#8a3b00' }}>
              {t('followUp')}
            </span>
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('notRated')}</Typography.Text>
      )}
    </Card>
  );
}

/** The permit an approved licence case granted: its number, validity, the certificate's download and the public check's address. */
function Permits({ app }: { app: Application }) {
  const { t, l, date } = useI18n();
  const [permits, setPermits] = useState<Permit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // the API has no filter by application: read the holder's register page by page until the case's permit is on one
    let live = true;
    (async () => {
      let cursor: string | undefined;
      for (;;) {
        const page = await ok(
          client.GET('/api/v1/permits', { params: { query: { creditCode: app.applicant.creditCode, limit: 1000, ...(cursor ? { cursor } : {}) } } }),
        );
        const mine = page.items.filter((p) => p.applicationId === app.id);
        if (mine.length || !page.nextCursor || !live) return mine;
        cursor = page.nextCursor;
      }
    })().then(
      (mine) => live && setPermits(mine),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [app.id, app.applicant.creditCode]);
  const fetchCertificate = async (permitNo: string) => {
    setError(null);
    try {
      const blob = (await ok(client.GET('/api/v1/permits/{permitNo}/certificate', { params: { path: { permitNo } }, parseAs: 'blob' }))) as Blob;
      save(blob, `${permitNo}.pdf`);
    } catch (e) {
      setError(e);
    }
  };
  if (!permits?.length && !error) return null;
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('permit')}</h3>} data-testid="case-permits">
      {(permits ?? []).map((p) => {
        const verify = `${window.location.origin}/api/v1/public/permits/${encodeURIComponent(p.permitNo)}`;
        return (
          <div key={p.permitNo} data-testid="case-permit" data-permit={p.permitNo} style={{ padding: '6px 0' }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('permit')}>{p.permitNo}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>{l('permitStatus', p.status)}</Descriptions.Item>
              <Descriptions.Item label={t('validity')}>{`${date(p.validFrom)} – ${p.validTo ? date(p.validTo) : '—'}`}</Descriptions.Item>
              <Descriptions.Item label={t('verifyLink')}>
                <a href={verify} target="_blank" rel="noreferrer" data-testid="case-verify-link" style={{ overflowWrap: 'anywhere' }}>
                  {verify}
                </a>
              </Descriptions.Item>
            </Descriptions>
            <Button onClick={() => void fetchCertificate(p.permitNo)} data-testid="case-certificate">
              {t('certificate')}
            </Button>
          </div>
        );
      })}
      <ErrorText error={error} />
    </Card>
  );
}

/** One case: who and what, materials, the clock, the workflow, the countersign, the timeline, and what I may do. */
export default function CaseView({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, l, action, dateTime } = i18n;
  const [app, setApp] = useState<Application | null>(null);
  const [diagram, setDiagram] = useState<CaseDiagram | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const { message } = AntApp.useApp();
  // every case the task list shows opens the same way, a licence or a supervision case (API.md "Tasks")
  const load = useCallback(() => {
    const params = { path: { caseId: id } };
    ok(client.GET('/api/v1/cases/{caseId}', { params })).then(setApp, setError);
    ok(client.GET('/api/v1/cases/{caseId}/diagram', { params })).then(setDiagram, () => setDiagram(null));
    ok(client.GET('/api/v1/cases/{caseId}/audit', { params })).then(
      (a) => setAudit(a.items),
      () => setAudit([]),
    );
  }, [id]);
  useEffect(load, [load]);
  if (error) return <ErrorText error={error} />;
  if (!app) return null;
  const openFile = async (sha256: string, name: string) => {
    try {
      const blob = (await ok(client.GET('/api/v1/files/{sha256}', { params: { path: { sha256 } }, parseAs: 'blob' }))) as Blob;
      const url = URL.createObjectURL(blob);
      if (!window.open(url, '_blank')) save(blob, name);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : t('errorGeneric'));
    }
  };
  const history: HistoryLine[] = app.history;
  const applicantActors = applicantActorsOf(app);
  const actor = (a: string) => actorOf(i18n, app, applicantActors, a);
  return (
    <article aria-labelledby="case-title" data-testid="case" data-status={app.status}>
      <Typography.Title level={2} id="case-title" style={{ fontSize: 20 }}>
        {app.project?.name ?? (app.caseKind ? `${t(app.caseKind)} · ${app.applicant.name}` : app.id)}{' '}
        <Tag data-testid="case-status">{l('status', app.status)}</Tag>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            {app.caseKind ? <SupervisionFacts app={app} /> : null}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('application')}</h3>}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('applicant')}>{app.applicant.name}</Descriptions.Item>
                <Descriptions.Item label={t('creditCode')}>{app.applicant.creditCode}</Descriptions.Item>
                <Descriptions.Item label={t('licenseType')}>{l('licenseType', app.licenseType)}</Descriptions.Item>
                <Descriptions.Item label={t('project')}>
                  {[app.project?.name, app.project?.code, app.project?.location].filter(Boolean).join(' · ')}
                </Descriptions.Item>
                <Descriptions.Item label={t('createdAt')}>{dateTime(app.createdAt)}</Descriptions.Item>
                {app.channel ? (
                  <Descriptions.Item label={t('channel')}>
                    <span data-testid="case-channel" data-channel={app.channel}>
                      {l('channel', app.channel)}
                    </span>
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('caseId')}>
                  <span style={{ overflowWrap: 'anywhere' }}>{app.id}</span>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {!app.caseKind && app.status === 'approved' ? <Permits app={app} /> : null}
            {!app.caseKind && RATED_AFTER.has(app.status) ? <RatingCard app={app} /> : null}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('clock')}</h3>}>
              <ClockBar app={app} />
            </Card>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('materials')}</h3>}>
              <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {(app.materials ?? []).map((m) => (
                  <li
                    key={`${m.code}-${m.sha256}`}
                    style={{
                      display: 'flex',
                      flexWrap: 'wrap',
                      alignItems: 'center',
                      justifyContent: 'space-between',
                      gap: 8,
                      padding: '6px 0',
                      borderBottom: '1px solid #f0f0f0',
                    }}
                  >
                    <span style={{ minWidth: 0, overflowWrap: 'anywhere' }} data-user-text="">
                      {m.fileName}
                    </span>
                    <Button size="small" type="link" onClick={() => void openFile(m.sha256, m.fileName)} data-testid="open-file">
                      {t('openFile')}
                    </Button>
                  </li>
                ))}
              </ul>
            </Card>
            {diagram ? (
              <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('diagram')}</h3>}>
                <Diagram diagram={diagram} />
              </Card>
            ) : null}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('timeline')}</h3>}>
              <Timeline
                items={history.map((h, i) => ({
                  key: i,
                  content: (
                    <span data-testid="history" data-action={h.action} title={h.action}>
                      {`${dateTime(h.at)} · ${actor(h.actor)} · ${action(h.action)}${h.detail && typeof h.detail.comment === 'string' && h.detail.comment ? ` · ${h.detail.comment}` : ''}`}
                    </span>
                  ),
                }))}
              />
              {audit.length ? (
                <details>
                  <summary>{`${t('audit')} (${audit.length})`}</summary>
                  <ol>
                    {audit.map((a) => (
                      <li key={a.seq} data-action={a.action}>{`${dateTime(a.at)} · ${actor(a.actor)} · ${action(a.action)}`}</li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('countersign')}</h3>}>
              <Countersign app={app} onDone={load} />
            </Card>
            {app.caseKind === 'inspection' ? <Inspection app={app} onDone={load} /> : null}
            {app.caseKind === 'penalty' ? <Proposal app={app} onDone={load} /> : null}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('actions')}</h3>}>
              {app.openTasks.length || (app.sla && app.sla.clock !== 'stopped' && app.sla.clock !== 'not_started') ? (
                <Actions app={app} onDone={load} />
              ) : (
                <Typography.Text type="secondary" data-testid="actions">
                  {t('noActions')}
                </Typography.Text>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
    </article>
  );
}
