import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Tabs } from 'antd';
import { ApiError, client, ok, session } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';

// Before sign-in there are no labels from the API (it needs a token): the few names the form shows.
const DEPTS: [string, string, string][] = [
  ['window', '受理窗口', 'Acceptance window'],
  ['approval', '行政审批科', 'Administrative approval'],
  ['eia', '环评管理科', 'EIA management'],
  ['pollution', '污染防治科', 'Pollution control'],
  ['monitoring', '监测站', 'Monitoring station'],
  ['enforcement', '执法支队', 'Law enforcement'],
  ['legal', '法制科', 'Legal affairs'],
  ['radiation', '辐射安全科', 'Radiation safety'],
  ['solid_waste', '固体废物科', 'Solid waste'],
];
const ROLES: [string, string, string][] = [
  ['officer', '经办人', 'Officer'],
  ['head', '负责人', 'Head'],
  ['admin', '管理员', 'Administrator'],
  ['auditor', '审计员', 'Auditor'],
];

function NativeSelect({
  id,
  value,
  onChange,
  options,
  testid,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  options: [string, string][];
  testid: string;
}) {
  return (
    <select
      id={id}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      data-testid={testid}
      style={{ width: '100%', height: 32, borderRadius: 6, border: '1px solid #8c8c8c', padding: '0 8px', background: '#fff' }}
    >
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** Development: pick a person and get a token from POST /api/v1/dev/token. Production: paste a bearer token. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [devOff, setDevOff] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = (row: [string, string, string]) => (lang === 'en' ? row[2] : row[1]);

  const dev = async (v: { role: string; dept?: string; name?: string; sub?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await ok(
        client.POST('/api/v1/dev/token', {
          body: {
            roles: [v.role],
            ...(v.dept ? { dept: v.dept } : {}),
            ...(v.name ? { name: v.name } : {}),
            ...(v.sub ? { sub: v.sub } : {}),
          },
        }),
      );
      session.set(r.token);
      onSignedIn();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setDevOff(true);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const paste = async (v: { token: string }) => {
    setError(null);
    session.set(v.token.trim().replace(/^Bearer\s+/i, ''));
    try {
      await ok(client.GET('/api/v1/labels', { params: { query: { lang: 'zh-CN' } } }));
      onSignedIn();
    } catch (e) {
      session.set(null);
      setError(e);
    }
  };

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t('signIn')}</h2>} style={{ maxWidth: 520, margin: '24px auto' }}>
      <Tabs
        items={[
          {
            key: 'dev',
            label: t('devSignIn'),
            children: (
              <Form layout="vertical" onFinish={(v: Parameters<typeof dev>[0]) => void dev(v)} initialValues={{ role: 'officer', dept: 'window' }}>
                {devOff ? <Alert type="warning" title={t('devUnavailable')} /> : null}
                {/* native selects: a short, fixed list, and the simplest thing for keyboards and screen readers */}
                <Form.Item label={t('role')} name="role" rules={[{ required: true }]}>
                  <NativeSelect testid="signin-role" options={ROLES.map((r) => [r[0], name(r)])} />
                </Form.Item>
                <Form.Item label={t('dept')} name="dept">
                  <NativeSelect testid="signin-dept" options={[['', '—'], ...DEPTS.map((d) => [d[0], name(d)] as [string, string])]} />
                </Form.Item>
                <Form.Item label={t('name')} name="name">
                  <Input data-testid="signin-name" />
                </Form.Item>
                <Form.Item label={t('userId')} name="sub">
                  <Input data-testid="signin-sub" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="signin-dev">
                  {t('signIn')}
                </Button>
              </Form>
            ),
          },
          {
            key: 'token',
            label: t('tokenSignIn'),
            children: (
              <Form layout="vertical" onFinish={(v: Parameters<typeof paste>[0]) => void paste(v)}>
                <Form.Item label={t('pasteToken')} name="token" rules={[{ required: true }]}>
                  <Input.TextArea rows={4} data-testid="signin-token" />
                </Form.Item>
                <Button type="primary" htmlType="submit" data-testid="signin-paste">
                  {t('signIn')}
                </Button>
              </Form>
            ),
          },
        ]}
      />
      <ErrorText error={error} />
    </Card>
  );
}
