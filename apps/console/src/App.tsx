import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Drawer, Layout, Menu, Space, Spin, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { client, me, ok, session } from './api';
import type { Labels } from './api';
import { I18nContext, makeI18n } from './i18n';
import type { Lang, Msg } from './i18n';
import { go, useRoute } from './route';
import { Bell } from './Bell';
import { SignIn } from './screens/SignIn';
import { usePhone } from './phone';
import { LANG_KEY, theme } from './theme';
import { isApplicant, SESSION_EVENT } from './enterprise/session';

const Inbox = lazy(() => import('./screens/Inbox'));
const CaseView = lazy(() => import('./screens/CaseView'));
const Search = lazy(() => import('./screens/Search'));
const Dashboard = lazy(() => import('./screens/Dashboard'));
const Supervision = lazy(() => import('./screens/Supervision'));
const Audit = lazy(() => import('./screens/Audit'));
const Counter = lazy(() => import('./screens/Counter'));

const SCREENS: Msg[] = ['inbox', 'done', 'search', 'counter', 'dashboard', 'supervision', 'auditScreen'];
/** The audit screen (verification, integrity report) is the auditors' and admins' (the API refuses anyone else). */
const AUDITORS = ['auditor', 'admin'];
/** 柜台代办 is the window's (an officer or head of the `window` department; the API refuses anyone else). */
const isWindowClerk = (who: { dept?: string; roles: string[] } | null) => who?.dept === 'window' && who.roles.some((r) => r === 'officer' || r === 'head');

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN'));
  const [labels, setLabels] = useState<Labels>({});
  const [signedIn, setSignedIn] = useState(() => !!session.token);
  const route = useRoute();
  const phone = usePhone();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [route]);

  useEffect(() => {
    const out = () => {
      session.set(null);
      setSignedIn(false);
    };
    window.addEventListener('console:unauthorized', out);
    return () => window.removeEventListener('console:unauthorized', out);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
    if (!signedIn) return;
    ok(client.GET('/api/v1/labels', { params: { query: { lang } } })).then(
      (r) => setLabels(r.labels as Labels),
      () => setLabels({}),
    );
  }, [lang, signedIn]);

  const i18n = useMemo(() => makeI18n(lang, labels), [lang, labels]);
  const { t } = i18n;
  useEffect(() => {
    document.title = t('appTitle');
  }, [t]);
  const signOut = useCallback(() => {
    session.set(null);
    setSignedIn(false);
  }, []);
  const who = signedIn ? me() : null;
  const whoText = who
    ? [who.name, who.dept ? i18n.l('dept', who.dept) : null, who.roles.map((r) => i18n.l('role', r)).join('/')].filter(Boolean).join(' · ')
    : '';

  const screens = SCREENS.filter((s) => (s !== 'auditScreen' || who?.roles.some((r) => AUDITORS.includes(r))) && (s !== 'counter' || isWindowClerk(who)));
  const screen = route[0];
  const menu = screens.map((s) => ({
    key: s,
    label: (
      <a href={`#/${s}`} data-testid={`nav-${s}`}>
        {t(s)}
      </a>
    ),
  }));
  let body;
  if (screen === 'case' && route[1]) body = <CaseView id={route[1]} />;
  else if (screen === 'done') body = <Inbox status="completed" />;
  else if (screen === 'search') body = <Search />;
  else if (screen === 'dashboard') body = <Dashboard />;
  else if (screen === 'supervision') body = <Supervision tab={route[1]} />;
  else if (screen === 'auditScreen') body = <Audit />;
  else if (screen === 'counter') body = <Counter />;
  else body = <Inbox status="open" />;

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <I18nContext.Provider value={i18n}>
          {!signedIn ? (
            <Layout style={{ minHeight: '100vh' }}>
              <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, padding: phone ? '0 12px' : '0 24px' }}>
                <Typography.Title level={1} ellipsis style={{ color: '#fff', fontSize: phone ? 16 : 18, margin: 0, minWidth: 0 }}>
                  {t('appTitle')}
                </Typography.Title>
                <Button onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
                  {t('language')}
                </Button>
              </Layout.Header>
              <Layout.Content style={{ padding: phone ? 12 : 24 }}>
                <main>
                  <SignIn onSignedIn={() => (isApplicant() ? window.dispatchEvent(new Event(SESSION_EVENT)) : setSignedIn(true))} />
                </main>
              </Layout.Content>
            </Layout>
          ) : (
            <Layout style={{ minHeight: '100vh' }}>
              <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: phone ? 8 : 16, padding: phone ? '0 12px' : '0 24px' }}>
                {phone ? (
                  <Button aria-label={t('menu')} aria-expanded={menuOpen} onClick={() => setMenuOpen(true)} data-testid="menu">
                    <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                      <path d="M3 6h18M3 12h18M3 18h18" />
                    </svg>
                  </Button>
                ) : null}
                <Typography.Title
                  level={1}
                  ellipsis
                  style={{ color: '#fff', fontSize: phone ? 16 : 18, margin: 0, whiteSpace: 'nowrap', minWidth: 0, flex: phone ? 1 : undefined }}
                >
                  {t('appTitle')}
                </Typography.Title>
                {phone ? null : (
                  <nav aria-label={t('menu')} style={{ flex: 1, minWidth: 0 }}>
                    <Menu theme="dark" mode="horizontal" selectedKeys={[screen === 'case' ? 'inbox' : screen]} items={menu} />
                  </nav>
                )}
                <Space>
                  <Bell />
                  {phone ? null : (
                    <>
                      <span style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="who">
                        {whoText}
                      </span>
                      <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
                        {t('language')}
                      </Button>
                      <Button size="small" onClick={signOut} data-testid="sign-out">
                        {t('signOut')}
                      </Button>
                    </>
                  )}
                </Space>
              </Layout.Header>
              {phone ? (
                <Drawer placement="left" open={menuOpen} onClose={() => setMenuOpen(false)} title={t('menu')} size={280}>
                  <nav aria-label={t('menu')}>
                    <Menu mode="inline" selectedKeys={[screen === 'case' ? 'inbox' : screen]} items={menu} />
                  </nav>
                  <Space orientation="vertical" style={{ marginTop: 16, width: '100%' }}>
                    <span data-testid="who">{whoText}</span>
                    <Button block onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
                      {t('language')}
                    </Button>
                    <Button block onClick={signOut} data-testid="sign-out">
                      {t('signOut')}
                    </Button>
                  </Space>
                </Drawer>
              ) : null}
              <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
                <main>
                  <Suspense fallback={<Spin aria-label={t('loading')} />}>{body}</Suspense>
                </main>
              </Layout.Content>
            </Layout>
          )}
        </I18nContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}

export { go };
