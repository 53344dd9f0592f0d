import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Input, Typography } from 'antd';
import { api, ok } from '../client';
import type { Application, CatalogItem, CatalogMaterial, HistoryLine } from '../client';
import { useAction, useMaterials } from '../../forms';
import { Clock, Heading, Loading, RefusalText, Tag, href } from '../parts';
import { MaterialUpload } from '../Upload';
import { useWords } from '../words';
import { statusColor } from './Applications';

const BEFORE_DECISION = new Set(['submitted', 'correction_requested', 'accepted', 'in_review']);
const DECIDED = new Set(['approved', 'denied']);

/** The latest correction request in the applicant's history: the codes asked for and the window's words. */
function correctionAsked(history: HistoryLine[]): { codes: string[]; comment: string | null } | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h.action === 'acceptance:request_correction') {
      const d = h.detail ?? {};
      return { codes: Array.isArray(d.corrections) ? (d.corrections as string[]) : [], comment: typeof d.comment === 'string' ? d.comment : null };
    }
  }
  return null;
}

/** One case as its enterprise sees it: status, clock, corrections, history (the API leaves out the bureau's deliberation). */
export function ApplicationView({ id }: { id: string }) {
  const { w, l, dateTime, action } = useWords();
  const [app, setApp] = useState<Application | null>(null);
  const [catalog, setCatalog] = useState<CatalogItem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    ok(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })).then(setApp, setError);
  }, [id]);
  useEffect(() => {
    setApp(null);
    load();
    ok(api.GET('/api/v1/catalog/items')).then(setCatalog, () => undefined);
  }, [load]);
  const sub = useMemo(() => catalog.flatMap((i) => i.subItems).find((s) => s.code === app?.subItemCode), [catalog, app]);
  const materialName = (code: string) => sub?.materials.find((m) => m.code === code)?.name ?? code;

  if (!app) return error ? <RefusalText error={error} /> : <Loading />;
  const asked = app.status === 'correction_requested' ? correctionAsked(app.history) : null;
  const project = app.project as { name?: string };
  const filed = app.materials as { code?: string; fileName?: string }[];

  return (
    <section data-testid="application-view" data-status={app.status} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div>
        <a href={href('applications')}>← {w('myApplications')}</a>
      </div>
      <Heading>
        <span data-user-text>{project.name ?? app.subItemCode}</span>{' '}
        <Tag color={statusColor(app.status)} data-testid="status">
          {l('status', app.status)}
        </Tag>
      </Heading>
      <Card size="small">
        <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(6em, auto) 1fr', gap: '4px 12px', margin: 0 }}>
          <dt>{w('licenseType')}</dt>
          <dd style={{ margin: 0 }}>{l('licenseType', app.licenseType)}</dd>
          <dt>{w('subItem')}</dt>
          <dd style={{ margin: 0 }}>{sub?.name ?? app.subItemCode}</dd>
          <dt>{w('caseNo')}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }} data-user-text>
            {app.id}
          </dd>
          {app.filingNo ? (
            <>
              <dt>{w('filingNo')}</dt>
              <dd style={{ margin: 0 }} data-user-text>
                {app.filingNo}
              </dd>
            </>
          ) : null}
          <dt>{w('createdAt')}</dt>
          <dd style={{ margin: 0 }}>{dateTime(app.createdAt)}</dd>
        </dl>
      </Card>
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('clock')}</h3>}>
        <Clock sla={app.sla} status={app.status} />
      </Card>
      {asked ? <Correction app={app} codes={asked.codes} comment={asked.comment} materials={sub?.materials ?? []} onDone={load} /> : null}
      {app.status === 'approved' ? (
        <div>
          <a href={href('permits')} data-testid="to-permits">
            {w('openPermits')}
          </a>
        </div>
      ) : null}
      {DECIDED.has(app.status) ? <Rating id={app.id} /> : null}
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('materialsFiled')}</h3>}>
        <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="materials-filed">
          {filed.map((m, i) => (
            <li key={`${m.code}-${i}`}>
              {m.code ? materialName(m.code) : null}: <span data-user-text>{m.fileName}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('history')}</h3>}>
        <ol style={{ margin: 0, paddingInlineStart: 18 }} data-testid="history">
          {app.history.map((h, i) => {
            const d = (h.detail ?? {}) as { comment?: string | null; corrections?: string[]; dept?: string; reason?: string; days?: number };
            return (
              <li key={i} data-action={h.action} style={{ marginBottom: 6 }}>
                <div>
                  <strong>{action(h.action)}</strong> <Typography.Text type="secondary">{dateTime(h.at)}</Typography.Text>
                </div>
                {d.dept ? <div>{l('dept', d.dept)}</div> : null}
                {d.comment ? (
                  <div data-testid="reasons">
                    {w('reasons')}: <span data-user-text>{d.comment}</span>
                  </div>
                ) : null}
                {d.corrections?.length ? (
                  <div>
                    {w('correctionsAsked')}: {d.corrections.map(materialName).join('、')}
                  </div>
                ) : null}
                {d.reason ? <div>{l('pauseReason', d.reason)}</div> : null}
              </li>
            );
          })}
        </ol>
      </Card>
      {BEFORE_DECISION.has(app.status) ? <Withdraw id={app.id} onDone={load} /> : null}
    </section>
  );
}

/** 补正: only the materials the window listed, each uploaded again, sent together. */
function Correction({
  app,
  codes,
  comment,
  materials,
  onDone,
}: {
  app: Application;
  codes: string[];
  comment: string | null;
  materials: CatalogMaterial[];
  onDone: () => void;
}) {
  const { w } = useWords();
  const { files, put } = useMaterials();
  const { busy, error, run } = useAction();
  const listed: CatalogMaterial[] = codes.map((c) => materials.find((m) => m.code === c) ?? { code: c, name: c, required: true });
  const send = () =>
    run(async () => {
      await ok(api.POST('/api/v1/applications/{id}/supplements', { params: { path: { id: app.id } }, body: { materials: codes.map((c) => files[c]) } }));
      onDone();
    });
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('correctionTitle')}</h3>} data-testid="correction" style={{ borderColor: '#d46b08' }}>
      <Typography.Paragraph>{w('correctionHint')}</Typography.Paragraph>
      {comment ? (
        <Typography.Paragraph>
          {w('reasons')}: <span data-user-text>{comment}</span>
        </Typography.Paragraph>
      ) : null}
      <ul style={{ padding: 0, margin: 0 }}>
        {listed.map((m) => (
          <MaterialUpload key={m.code} material={m} value={files[m.code]} onChange={put(m.code)} />
        ))}
      </ul>
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={codes.some((c) => !files[c])}
        loading={busy}
        onClick={() => void send()}
        data-testid="send-supplement"
      >
        {w('submitSupplement')}
      </Button>
      <RefusalText error={error} />
    </Card>
  );
}

function Withdraw({ id, onDone }: { id: string; onDone: () => void }) {
  const { w } = useWords();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const send = () =>
    run(async () => {
      await ok(api.POST('/api/v1/applications/{id}/withdraw', { params: { path: { id } }, body: reason.trim() ? { reason: reason.trim() } : {} }));
      onDone();
    });
  if (!asking)
    return (
      <div>
        <Button danger onClick={() => setAsking(true)} data-testid="withdraw">
          {w('withdraw')}
        </Button>
      </div>
    );
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('withdraw')}</h3>}>
      <label htmlFor="withdraw-reason">{w('withdrawReason')}</label>
      <Input.TextArea id="withdraw-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason" />
      <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
        <Button danger type="primary" loading={busy} onClick={() => void send()} data-testid="withdraw-confirm">
          {w('withdrawConfirm')}
        </Button>
        <Button onClick={() => setAsking(false)}>{w('cancel')}</Button>
      </div>
      <RefusalText error={error} />
    </Card>
  );
}

/** 好差评: once, after the decision (POST /api/v1/applications/:id/rating; a second time is 409). */
function Rating({ id }: { id: string }) {
  const { w } = useWords();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async () => {
    if (score === null) return;
    setError(null);
    try {
      await ok(
        api.POST('/api/v1/applications/{id}/rating', { params: { path: { id } }, body: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) } }),
      );
      setDone(true);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('rating')}</h3>} data-testid="rating">
      {done ? (
        <Typography.Text data-testid="rated">{w('rated')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{w('ratingHint')}</Typography.Paragraph>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }} data-testid="score">
            <legend style={{ fontSize: 14 }}>{w('score')}</legend>
            <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} style={{ display: 'inline-flex', gap: 4, alignItems: 'center', minHeight: 32 }}>
                  <input type="radio" name={`score-${id}`} value={n} checked={score === n} onChange={() => setScore(n)} data-testid={`score-${n}`} />
                  {'★'.repeat(n)}
                </label>
              ))}
            </div>
          </fieldset>
          <label htmlFor="rating-comment" style={{ display: 'block', marginTop: 8 }}>
            {w('comment')}
          </label>
          <Input.TextArea
            id="rating-comment"
            rows={2}
            maxLength={500}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="rating-comment"
          />
          <Button type="primary" style={{ marginTop: 8 }} disabled={score === null} onClick={() => void send()} data-testid="rate">
            {w('rate')}
          </Button>
        </>
      )}
      <RefusalText error={error} />
    </Card>
  );
}
