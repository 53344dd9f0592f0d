import { useEffect, useState } from 'react';
import { Button, Input, Space, Typography } from 'antd';
import { client, ok } from '../api';
import type { Schemas } from '../api';

type Application = Schemas['ApplicationPageDto']['items'][number];
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { Rows } from '../Rows';

/** Applications, newest first, searched with the API's `q`. */
export default function Search() {
  const { t, l, dateTime } = useI18n();
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Schemas['ApplicationPageDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    setError(null);
    ok(client.GET('/api/v1/applications', { params: { query: { q: q || undefined, limit: 20, cursor: cursor ?? undefined } } })).then(setPage, setError);
  }, [q, cursor]);
  return (
    <section aria-labelledby="search-title">
      <Typography.Title level={2} id="search-title" style={{ fontSize: 20 }}>
        {t('search')}
      </Typography.Title>
      <Input.Search
        aria-label={t('query')}
        placeholder={t('query')}
        enterButton={t('search')}
        style={{ maxWidth: 560, marginBottom: 12, display: 'block' }}
        data-testid="search-q"
        onSearch={(v) => {
          setQ(v.trim());
          setCursors([null]);
        }}
      />
      <ErrorText error={error} />
      <Rows<Application>
        testid="search-results"
        rowKey={(a) => a.id}
        loading={!page && !error}
        rows={page?.items ?? []}
        columns={[
          {
            title: t('project'),
            key: 'p',
            render: (a: Application) => (
              <a href={`#/case/${encodeURIComponent(a.id)}`} data-testid="search-hit">
                {a.projectName ?? a.id}
              </a>
            ),
          },
          { title: t('applicant'), key: 'a', render: (a: Application) => a.applicant.name },
          { title: t('creditCode'), key: 'cc', render: (a: Application) => a.applicant.creditCode },
          { title: t('licenseType'), key: 'l', render: (a: Application) => l('licenseType', a.licenseType) },
          { title: t('status'), key: 's', render: (a: Application) => l('status', a.status) },
          { title: t('createdAt'), key: 'c', render: (a: Application) => dateTime(a.createdAt) },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('prev')}
        </Button>
        <Button disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>
          {t('next')}
        </Button>
      </Space>
    </section>
  );
}
