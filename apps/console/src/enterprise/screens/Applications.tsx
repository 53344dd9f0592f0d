import { useCallback, useEffect, useState } from 'react';
import { Button, Card } from 'antd';
import { api, ok } from '../client';
import type { Application, ApplicationSummary } from '../client';
import { Clock, Heading, Loading, Nothing, RefusalText, Tag, href } from '../parts';
import { useWords } from '../words';

const PAGE = 20;
/** Statuses whose clock may be counting: the list reads these cases to show it (the list's rows carry no clock). */
const LIVE = new Set(['submitted', 'correction_requested', 'accepted', 'in_review']);
const DECIDED = new Set(['approved', 'denied', 'not_accepted', 'withdrawn']);

export function statusColor(status: string): string | undefined {
  if (status === 'approved') return 'green';
  if (status === 'denied' || status === 'not_accepted') return 'red';
  if (status === 'correction_requested') return 'orange';
  if (status === 'withdrawn') return 'default';
  return 'blue';
}

/** 我的申请: the enterprise's own applications, newest first, each with its status and counted clock. */
export function Applications() {
  const { w, l, dateTime } = useWords();
  const [rows, setRows] = useState<ApplicationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [cases, setCases] = useState<Record<string, Application>>({});
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (after?: string) => {
    setError(null);
    try {
      const page = await ok(api.GET('/api/v1/applications', { params: { query: { limit: PAGE, ...(after ? { cursor: after } : {}) } } }));
      setRows((r) => (after && r ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
      const live = page.items.filter((a) => LIVE.has(a.status) || a.status === 'approved');
      const read = await Promise.all(live.map((a) => ok(api.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } })).catch(() => null)));
      setCases((c) => ({ ...c, ...Object.fromEntries(read.filter((x): x is Application => !!x).map((x) => [x.id, x])) }));
    } catch (e) {
      setError(e);
      setRows((r) => r ?? []);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section>
      <Heading>{w('myApplications')}</Heading>
      <RefusalText error={error} />
      {rows === null ? <Loading /> : null}
      {rows && !rows.length ? (
        <Nothing>
          <a href={href('new')}>{w('newApplication')}</a>
        </Nothing>
      ) : null}
      <div data-testid="applications" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))', gap: 12 }}>
        {(rows ?? []).map((a) => {
          const full = cases[a.id];
          return (
            <Card
              key={a.id}
              size="small"
              data-testid="application"
              data-id={a.id}
              data-status={a.status}
              title={
                <a href={href('application', a.id)} style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }} data-user-text>
                  {a.projectName ?? a.subItemCode}
                </a>
              }
              extra={<Tag color={statusColor(a.status)}>{l('status', a.status)}</Tag>}
            >
              <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                <span>
                  {l('licenseType', a.licenseType)} · {dateTime(a.createdAt)}
                </span>
                {DECIDED.has(a.status) && !full ? null : <Clock sla={full?.sla ?? null} status={a.status} compact />}
              </div>
            </Card>
          );
        })}
      </div>
      {cursor ? (
        <Button style={{ marginTop: 12 }} onClick={() => void load(cursor)} data-testid="more">
          {w('more')}
        </Button>
      ) : null}
    </section>
  );
}
