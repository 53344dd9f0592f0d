import { useCallback, useEffect, useState } from 'react';
import { Button, Typography } from 'antd';
import { api, ok } from '../client';
import type { Notification } from '../client';
import { Heading, Loading, Nothing, RefusalText, href } from '../parts';
import { useWords } from '../words';

/** 消息: the enterprise's notifications, newest first, each linked to what it is about; marking read. */
export function Notifications({ onChange }: { onChange: () => void }) {
  const { w, l, dateTime } = useWords();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    ok(api.GET('/api/v1/notifications', { params: { query: { limit: 100 } } })).then(
      (p) => {
        setItems(p.items);
        onChange();
      },
      (e) => {
        setError(e);
        setItems((x) => x ?? []);
      },
    );
  }, [onChange]);
  useEffect(load, [load]);
  const act = (p: Promise<unknown>) => p.then(load, setError);

  return (
    <section>
      <Heading>{w('notifications')}</Heading>
      <Button size="small" onClick={() => void act(ok(api.POST('/api/v1/notifications/read-all')))} data-testid="read-all">
        {w('markAllRead')}
      </Button>
      <RefusalText error={error} />
      {items === null ? <Loading /> : null}
      {items && !items.length ? <Nothing /> : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }} data-testid="notifications">
        {(items ?? []).map((n) => {
          const target =
            n.kind === 'penalty_notice' && n.applicationId
              ? { to: href('penalty', n.applicationId), word: w('openPenalty') }
              : n.kind === 'permit_expiring'
                ? { to: href('permits'), word: w('openPermits') }
                : n.applicationId
                  ? { to: href('application', n.applicationId), word: w('openCase') }
                  : null;
          return (
            <li
              key={n.id}
              data-testid="notification"
              data-kind={n.kind}
              data-read={n.readAt ? 'yes' : 'no'}
              style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '10px 0', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}
            >
              <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
                <Typography.Text strong={!n.readAt}>{l('notificationKind', n.kind)}</Typography.Text>
                <Typography.Text type="secondary">{dateTime(n.createdAt)}</Typography.Text>
                {target ? <a href={target.to}>{target.word}</a> : null}
              </div>
              {n.readAt ? null : (
                <Button
                  size="small"
                  onClick={() => void act(ok(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } })))}
                  data-testid="mark-read"
                >
                  {w('markRead')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
