// 企业端: what an enterprise (a token with role `applicant`) sees in the console. main.tsx loads this module
// lazily when the token is an applicant's, so none of it weighs on the staff workbench, and none of the
// workbench on it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, ConfigProvider, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { api, ok } from './client';
import type { Labels } from './client';
import { claims, signOut } from './session';
import { useWhenSeen } from '../live';
import { href, useRoute } from '../route';
import { LANG_KEY, theme } from '../theme';
import { makeWords, WordsContext } from './words';
import type { Lang, Word } from './words';
import { Applications } from './screens/Applications';
import { NewApplication } from './screens/NewApplication';
import { ApplicationView } from './screens/ApplicationView';
import { Notifications } from './screens/Notifications';
import { Permits } from './screens/Permits';
import { Penalties, PenaltyView } from './screens/Penalties';

/** Read by a screen reader, not shown. */
const SR_ONLY = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;
const NAV: [string, Word][] = [
  ['applications', 'myApplications'],
  ['new', 'newApplication'],
  ['notifications', 'notifications'],
  ['permits', 'permits'],
  ['penalties', 'penalties'],
];

// the staff side's palette, and a danger button's red on white (and white on it) at WCAG AA contrast
const look = { token: { ...theme.token, colorError: '#b3261e' } };

export default function EnterpriseRoot() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN'));
  const [labels, setLabels] = useState<Labels>({});
  const [unread, setUnread] = useState(0);
  const route = useRoute('applications');
  const words = useMemo(() => makeWords(lang, labels), [lang, labels]);
  const who = claims();

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
    ok(api.GET('/api/v1/labels', { params: { query: { lang } } })).then(
      (r) => setLabels(r.labels),
      () => setLabels({}),
    );
  }, [lang]);
  useEffect(() => {
    document.title = words.w('appTitle');
  }, [words]);

  const countUnread = useCallback(() => {
    ok(api.GET('/api/v1/notifications', { params: { query: { limit: 1 } } })).then(
      (p) => setUnread(p.unread),
      () => undefined,
    );
  }, []);
  // read on each screen the firm opens and whenever it comes back to the page (no timer)
  useWhenSeen(countUnread, [route]);

  const [screen, arg] = route;
  let body;
  if (screen === 'application' && arg) body = <ApplicationView id={arg} />;
  else if (screen === 'new') body = <NewApplication />;
  else if (screen === 'notifications') body = <Notifications onChange={countUnread} />;
  else if (screen === 'permits') body = <Permits />;
  else if (screen === 'penalty' && arg) body = <PenaltyView id={arg} />;
  else if (screen === 'penalties') body = <Penalties />;
  else body = <Applications />;
  const current = screen === 'application' ? 'applications' : screen === 'penalty' ? 'penalties' : screen;

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={look}>
      <WordsContext.Provider value={words}>
        <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="enterprise">
          <header style={{ background: '#001529', color: '#fff', padding: '8px 16px' }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', maxWidth: 1200, margin: '0 auto' }}>
              <Typography.Title level={1} style={{ color: '#fff', fontSize: 17, margin: 0, flex: '1 1 12em', minWidth: 0 }}>
                {words.w('appTitle')}
              </Typography.Title>
              <span style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '100%' }} data-testid="who" data-user-text>
                {who?.name ?? who?.sub} {who?.creditCode ? `· ${who.creditCode}` : ''}
              </span>
              <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
                {words.w('language')}
              </Button>
              <Button size="small" onClick={signOut} data-testid="sign-out">
                {words.w('signOut')}
              </Button>
            </div>
            <nav aria-label={words.w('menu')} style={{ maxWidth: 1200, margin: '8px auto 0' }}>
              <ul style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', listStyle: 'none', margin: 0, padding: 0 }}>
                {NAV.map(([key, label]) => (
                  <li key={key}>
                    <a
                      href={href(key)}
                      data-testid={`nav-${key}`}
                      aria-current={current === key ? 'page' : undefined}
                      style={{
                        color: '#fff',
                        display: 'inline-block',
                        padding: '6px 0',
                        borderBottom: current === key ? '2px solid #fff' : '2px solid transparent',
                        fontWeight: current === key ? 600 : 400,
                      }}
                    >
                      {words.w(label)}
                      {key === 'notifications' && unread > 0 ? (
                        <>
                          <span
                            aria-hidden="true"
                            data-testid="unread"
                            style={{ marginInlineStart: 6, background: '#b3261e', color: '#fff', borderRadius: 10, padding: '0 6px', fontSize: 12 }}
                          >
                            {unread}
                          </span>
                          <span style={SR_ONLY}>{` (${unread} ${words.w('unread')})`}</span>
                        </>
                      ) : null}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main style={{ padding: '16px 12px', maxWidth: 1200, margin: '0 auto', minWidth: 0 }}>{body}</main>
        </div>
      </WordsContext.Provider>
    </ConfigProvider>
  );
}
