import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import { api, ApiError, ok, publicPermitUrl, save } from '../client';
import type { Permit } from '../client';
import { Heading, ListState, RefusalText, Tag, href, useList } from '../parts';
import { useWords } from '../words';

/** 许可证: the enterprise's permits, each with its electronic certificate and the public verification address. */
export function Permits() {
  const { w } = useWords();
  const { items, error } = useList(() => ok(api.GET('/api/v1/permits', { params: { query: { limit: 100 } } })));
  return (
    <section>
      <Heading>{w('permits')}</Heading>
      <ListState items={items} error={error} />
      <div data-testid="permits" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 380px), 1fr))', gap: 12 }}>
        {(items ?? []).map((p) => (
          <PermitCard key={p.permitNo} permit={p} />
        ))}
      </div>
    </section>
  );
}

function PermitCard({ permit: p }: { permit: Permit }) {
  const { w, l, date } = useWords();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const { data, response } = await api.GET('/api/v1/permits/{permitNo}/certificate', { params: { path: { permitNo: p.permitNo } }, parseAs: 'blob' });
      if (!response.ok || !data) throw new ApiError(response.status, response.status === 404 ? 'NOT_FOUND' : `HTTP_${response.status}`, response.statusText);
      save(data, `${p.permitNo}.pdf`);
    } catch (e) {
      setFailed(e);
    } finally {
      setBusy(false);
    }
  };
  const verify = publicPermitUrl(p.permitNo);
  return (
    <Card
      size="small"
      data-testid="permit"
      data-permit={p.permitNo}
      title={
        <span data-user-text style={{ whiteSpace: 'normal' }}>
          {p.permitNo}
        </span>
      }
      extra={<Tag color={p.status === 'valid' ? 'green' : 'default'}>{l('permitStatus', p.status)}</Tag>}
    >
      <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(6em, auto) 1fr', gap: '4px 12px', margin: 0 }}>
        <dt>{w('licenseType')}</dt>
        <dd style={{ margin: 0 }}>{l('licenseType', p.licenseType)}</dd>
        <dt>{w('validity')}</dt>
        <dd style={{ margin: 0 }}>
          {date(p.validFrom)} – {date(p.validTo)}
          {p.deemedRenewal ? ` · ${w('deemedRenewal')}` : ''}
        </dd>
        {p.managementCategory ? (
          <>
            <dt>{w('managementCategory')}</dt>
            <dd style={{ margin: 0 }}>{l('managementCategory', p.managementCategory)}</dd>
          </>
        ) : null}
        <dt>{w('verifyLink')}</dt>
        <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
          <a href={verify} target="_blank" rel="noreferrer" data-testid="verify-link" data-user-text>
            {verify}
          </a>
        </dd>
      </dl>
      <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
        <Button type="primary" loading={busy} onClick={() => void download()} data-testid="certificate">
          {w('certificate')}
        </Button>
        <a href={href('application', p.applicationId)} style={{ alignSelf: 'center' }}>
          {w('openCase')}
        </a>
      </div>
      <RefusalText error={failed} />
      {p.deemedRenewal ? <Typography.Text type="secondary">{w('deemedRenewal')}</Typography.Text> : null}
    </Card>
  );
}
