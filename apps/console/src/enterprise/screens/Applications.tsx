import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Card } from 'antd';
import { api, ok } from '../client';
import type { ApplicationSummary, Sla } from '../client';
import { Clock, Heading, Loading, Nothing, RefusalText, Tag, href } from '../parts';
import { useWords } from '../words';

const PAGE = 20;
/**
 * Statuses whose clock may be counting: the list reads these cases to show it (the list's rows carry no clock, and
 * the API has no batch read), each only once its card is on screen, so a page costs the requests of what is seen.
 */
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
  const { w } = useWords();
  const [rows, setRows] = useState<ApplicationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (after?: string) => {
    setError(null);
    try {
      const page = await ok(api.GET('/api/v1/applications', { params: { query: { limit: PAGE, ...(after ? { cursor: after } : {}) } } }));
      setRows((r) => (after && r ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
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
        {(rows ?? []).map((a) => (
          <ApplicationCard key={a.id} a={a} />
        ))}
      </div>
      {cursor ? (
        <Button style={{ marginTop: 12 }} onClick={() => void load(cursor)} data-testid="more">
          {w('more')}
        </Button>
      ) : null}
    </section>
  );
}

/** One application of the list; a case whose clock may count reads it (GET /api/v1/applications/:id) when the card is first seen. */
function ApplicationCard({ a }: { a: ApplicationSummary }) {
  const { l, dateTime } = useWords();
  const [sla, setSla] = useState<Sla | null | undefined>(undefined);
  const seen = useRef<HTMLSpanElement>(null);
  const reads = LIVE.has(a.status) || a.status === 'approved';
  useEffect(() => {
    const spot = seen.current;
    if (!reads || !spot) return;
    let live = true;
    const watch = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      watch.disconnect();
      ok(api.GET('/api/v1/applications/{id}', { params: { path: { id: a.id } } })).then(
        (full) => live && setSla(full.sla),
        () => undefined,
      );
    });
    watch.observe(spot);
    return () => {
      live = false;
      watch.disconnect();
    };
  }, [a.id, reads]);
  return (
    <Card
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
        <span ref={seen}>
          {l('licenseType', a.licenseType)} · {dateTime(a.createdAt)}
        </span>
        {DECIDED.has(a.status) && sla === undefined ? null : <Clock sla={sla ?? null} status={a.status} compact />}
      </div>
    </Card>
  );
}
