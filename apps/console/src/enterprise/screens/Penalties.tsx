import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Input, Typography } from 'antd';
import { api, ok } from '../client';
import type { Penalty } from '../client';
import { Heading, ListState, Loading, RefusalText, Tag, href, useList } from '../parts';
import { useWords } from '../words';

/** 行政处罚: the penalty cases against this enterprise (the API shows the proposal once the enterprise is told). */
export function Penalties() {
  const { w, l, date } = useWords();
  const { items, error } = useList(() => ok(api.GET('/api/v1/supervision/penalties', { params: { query: { limit: 100 } } })));
  return (
    <section>
      <Heading>{w('penalties')}</Heading>
      <ListState items={items} error={error} />
      <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="penalties">
        {(items ?? []).map((p) => (
          <li key={p.id} data-testid="penalty" data-id={p.id}>
            <Card size="small">
              <a href={href('penalty', p.id)} style={{ textDecoration: 'underline', fontWeight: 500 }}>
                {p.sanction ? l('sanction', p.sanction.kind) : w('penaltyNotice')}
              </a>{' '}
              <Tag>{l('penaltyStatus', p.status)}</Tag>
              <div>
                {p.statementDue ? `${w('statementDue')} ${date(p.statementDue)}` : w('notToldYet')}
                {p.decisionNo ? ` · ${w('decisionNo')} ${p.decisionNo}` : ''}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A penalty notice: facts, legal basis, the intended sanction, the periods; the statement, and a hearing where the fine allows one. */
export function PenaltyView({ id }: { id: string }) {
  const { w, l, date, dateTime, money } = useWords();
  const [p, setP] = useState<Penalty | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<'statement' | 'hearing' | null>(null);
  const load = useCallback(() => {
    ok(api.GET('/api/v1/supervision/penalties/{id}', { params: { path: { id } } })).then(setP, setError);
  }, [id]);
  useEffect(load, [load]);

  const run = async (what: 'statement' | 'hearing') => {
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const next =
        what === 'statement'
          ? await ok(api.POST('/api/v1/supervision/penalties/{id}/statements', { params: { path: { id } }, body: { text: text.trim() } }))
          : await ok(api.POST('/api/v1/supervision/penalties/{id}/hearing', { params: { path: { id } } }));
      setP(next);
      setSent(what);
      if (what === 'statement') setText('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!p) return error ? <RefusalText error={error} /> : <Loading />;
  const told = !!p.statementDue;
  return (
    <section data-testid="penalty-view" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div>
        <a href={href('penalties')}>← {w('penalties')}</a>
      </div>
      <Heading>
        {w('penaltyNotice')} <Tag data-testid="penalty-status">{l('penaltyStatus', p.status)}</Tag>
      </Heading>
      <Card size="small">
        {told ? (
          <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(6em, auto) 1fr', gap: '6px 12px', margin: 0 }} data-testid="notice">
            <dt>{w('facts')}</dt>
            <dd style={{ margin: 0 }} data-user-text>
              {p.facts}
            </dd>
            <dt>{w('legalBasisPenalty')}</dt>
            <dd style={{ margin: 0 }} data-user-text>
              {p.legalBasis}
            </dd>
            <dt>{w('sanction')}</dt>
            <dd style={{ margin: 0 }}>
              {p.sanction ? l('sanction', p.sanction.kind) : '—'}
              {p.sanction?.amountYuan ? ` · ${w('amountYuan')} ${money(p.sanction.amountYuan)}` : ''}
            </dd>
            <dt>{w('statementDue')}</dt>
            <dd style={{ margin: 0 }} data-testid="statement-due">
              {date(p.statementDue)}
            </dd>
            {p.hearingDue ? (
              <>
                <dt>{w('hearingDue')}</dt>
                <dd style={{ margin: 0 }}>{date(p.hearingDue)}</dd>
              </>
            ) : null}
            {p.decisionNo ? (
              <>
                <dt>{w('decisionNo')}</dt>
                <dd style={{ margin: 0 }} data-user-text>
                  {p.decisionNo} · {date(p.decidedOn)}
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <Typography.Text>{w('notToldYet')}</Typography.Text>
        )}
      </Card>
      {p.statements.length ? (
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('statements')}</h3>}>
          <ol style={{ margin: 0, paddingInlineStart: 18 }} data-testid="statements">
            {p.statements.map((s, i) => (
              <li key={i}>
                <Typography.Text type="secondary">{dateTime(s.at)}</Typography.Text>
                <div data-user-text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {s.text}
                </div>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      {told && p.status === 'open' ? (
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{w('fileStatement')}</h3>}>
          <label htmlFor="statement-text">{w('statementText')}</label>
          <Input.TextArea id="statement-text" rows={4} maxLength={10000} value={text} onChange={(e) => setText(e.target.value)} data-testid="statement-text" />
          <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
            <Button type="primary" disabled={!text.trim()} loading={busy} onClick={() => void run('statement')} data-testid="file-statement">
              {w('fileStatement')}
            </Button>
            {p.hearingDue && !p.hearingRequested ? (
              <Button loading={busy} onClick={() => void run('hearing')} data-testid="request-hearing">
                {w('requestHearing')}
              </Button>
            ) : null}
            {p.hearingRequested ? <Tag data-testid="hearing-requested">{w('hearingRequested')}</Tag> : null}
          </div>
          {sent ? (
            <Typography.Paragraph role="status" style={{ marginTop: 8 }} data-testid="sent">
              {w(sent === 'statement' ? 'statementSent' : 'hearingSent')}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      <RefusalText error={error} />
    </section>
  );
}
