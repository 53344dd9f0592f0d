import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Drawer, List, Space, Typography } from 'antd';
import { api } from './api';
import type { Notification, Page } from './api';
import { useI18n } from './i18n';
import { go } from './route';

/** The notifications bell: the unread count, the list, marking read (the API holds what was read). */
export function Bell() {
  const { t, l } = useI18n();
  const [page, setPage] = useState<(Page<Notification> & { unread?: number }) | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    api.get<Page<Notification> & { unread?: number }>('/api/v1/notifications?limit=50').then(setPage, () => undefined);
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, 15_000);
    return () => clearInterval(timer);
  }, [load]);
  const unread = page?.unread ?? page?.items.filter((n) => !n.readAt).length ?? 0;
  const read = async (id: string) => {
    await api.post(`/api/v1/notifications/${encodeURIComponent(id)}/read`);
    load();
  };
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
          <span aria-hidden="true">🔔</span>
        </Button>
      </Badge>
      <Drawer
        title={t('notifications')}
        open={open}
        onClose={() => setOpen(false)}
        extra={
          <Button
            size="small"
            data-testid="read-all"
            onClick={async () => {
              await api.post('/api/v1/notifications/read-all');
              load();
            }}
          >
            {t('markAllRead')}
          </Button>
        }
      >
        <List
          dataSource={page?.items ?? []}
          renderItem={(n) => (
            <List.Item
              data-testid="notification"
              actions={
                n.readAt
                  ? []
                  : [
                      <Button key="r" size="small" type="link" onClick={() => read(n.id)} data-testid="mark-read">
                        {t('markRead')}
                      </Button>,
                    ]
              }
            >
              <Space direction="vertical" size={0}>
                <Typography.Text strong={!n.readAt}>{l('notificationKind', n.kind)}</Typography.Text>
                {n.applicationId ? (
                  <a
                    href={`#/case/${encodeURIComponent(n.applicationId)}`}
                    onClick={() => {
                      setOpen(false);
                      go('case', n.applicationId as string);
                    }}
                  >
                    {n.applicationId}
                  </a>
                ) : null}
                <Typography.Text type="secondary">{new Date(n.createdAt).toLocaleString()}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
