import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Badge, Button, Drawer, Empty, Space, Typography } from 'antd';
import { client, listenToTaskStream, ok } from './api';
import type { Schemas } from './api';
import { useI18n } from './i18n';
import { useWhenSeen } from './live';
import { go } from './route';

/** The notifications bell: the unread count, the list, marking read (the API holds what was read). */
export function Bell() {
  const { t, l, dateTime } = useI18n();
  const [page, setPage] = useState<Schemas['NotificationPageDto'] | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    ok(client.GET('/api/v1/notifications', { params: { query: { limit: 50 } } })).then(setPage, () => undefined);
  }, []);
  // read when the page is seen again and when the task stream announces work (a notice comes with most of it)
  useWhenSeen(load);
  useEffect(() => listenToTaskStream({ task: load }), [load]);
  const unread = page?.unread ?? page?.items.filter((n) => !n.readAt).length ?? 0;
  const { message } = AntApp.useApp();
  const failed = (e: unknown) => void message.error(e instanceof Error ? e.message : t('errorGeneric'));
  const read = (id: string) => ok(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })).then(load, failed);
  return (
    <>
      <Badge count={unread} data-testid="bell-count" title={`${unread} ${t('unread')}`}>
        <Button
          shape="circle"
          aria-label={`${t('notifications')} (${unread} ${t('unread')})`}
          data-testid="bell"
          onClick={() => {
            load();
            setOpen(true);
          }}
        >
          <svg
            aria-hidden="true"
            width="16"
            height="16"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
            <path d="M13.7 21a2 2 0 0 1-3.4 0" />
          </svg>
        </Button>
      </Badge>
      <Drawer
        title={t('notifications')}
        open={open}
        onClose={() => setOpen(false)}
        extra={
          <Button size="small" data-testid="read-all" onClick={() => void ok(client.POST('/api/v1/notifications/read-all')).then(load, failed)}>
            {t('markAllRead')}
          </Button>
        }
      >
        {page && !page.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {(page?.items ?? []).map((n) => (
            <li
              key={n.id}
              data-testid="notification"
              style={{
                display: 'flex',
                justifyContent: 'space-between',
                alignItems: 'flex-start',
                gap: 8,
                padding: '10px 0',
                borderBottom: '1px solid #f0f0f0',
              }}
            >
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text strong={!n.readAt}>{l('notificationKind', n.kind)}</Typography.Text>
                {n.applicationId ? (
                  <a
                    href={`#/case/${encodeURIComponent(n.applicationId)}`}
                    style={{ overflowWrap: 'anywhere' }}
                    onClick={() => {
                      setOpen(false);
                      go('case', n.applicationId as string);
                    }}
                  >
                    {`${t('caseId')} ${n.applicationId.slice(0, 8)}…`}
                  </a>
                ) : null}
                <Typography.Text type="secondary">{dateTime(n.createdAt)}</Typography.Text>
              </Space>
              {n.readAt ? null : (
                <Button size="small" type="link" onClick={() => void read(n.id)} data-testid="mark-read">
                  {t('markRead')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Drawer>
    </>
  );
}
