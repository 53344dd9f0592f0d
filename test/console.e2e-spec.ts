import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleFirstLoad } from '../scripts/console-size';
import { ROOT } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'console');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Labels = Record<string, Record<string, string>>;

/**
 * The staff console (apps/console) in a real browser (Debian's Chromium, driven by playwright-core) against
 * the whole system on the manual clock, signing in through the development token route. One system and one
 * browser for the file; each person is a browser context of their own. The clock only moves forward, so the
 * test that moves it runs last.
 */
describe('the staff console in a browser', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let browser: Browser;
  let zh: Labels;
  const contexts: BrowserContext[] = [];
  const admin = anAdmin();
  const clerk = aStaff('window');
  const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 in Shanghai

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // one after the other: a browser launched beside a system that failed to boot would keep Jest alive
    sys = await RunningSystem.start({ label: 'console', clock: 'manual', clockStart: at('2026-11-02'), env: { DEV_TOKENS: '1', RATE_LIMIT_PER_MINUTE: '0' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
    portal = new Portal(sys);
    zh = (await portal.get(admin, '/api/v1/labels?lang=zh-CN').expect(200)).body.labels;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await sys?.stop();
  });

  /** A new browser window signed in through the console's development sign-in as this person. */
  async function signIn(role: 'officer' | 'head' | 'admin', dept: string, name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${sys.url}/console/`);
    await page.getByTestId('signin-role').selectOption(role);
    await page.getByTestId('signin-dept').selectOption(dept);
    await page.getByTestId('signin-name').fill(name);
    await page.getByTestId('signin-sub').fill(`${role}-${dept}-${Math.random().toString(36).slice(2, 7)}`);
    await page.getByTestId('signin-dev').click();
    await page.getByTestId('who').waitFor({ timeout: 15_000 }).catch(async (err) => {
      throw new Error(`not signed in: ${String(err)}\n${await page.locator('body').innerText()}`);
    });
    return page;
  }

  /** Picks an option of an Ant Design select by its label. */
  async function choose(page: Page, testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
  }

  /** Waits (reloading the inbox) until the case's task is listed, then opens the case from it. */
  async function openFromInbox(page: Page, applicationId: string, kind: string) {
    const link = page.locator(`[data-testid="open-case"][data-application="${applicationId}"][data-kind="${kind}"]`);
    await eventually(async () => {
      await page.goto(`${sys.url}/console/#/inbox`);
      await page.reload();
      await page.getByTestId('task-table').waitFor();
      await page.waitForLoadState('networkidle');
      return (await link.count()) > 0;
    }, 20_000, `${kind} task of ${applicationId} in the inbox`);
    await link.first().click();
    await page.getByTestId('case').waitFor();
  }

  /** Completes the selected task of the open case with an outcome, through the actions panel. */
  async function complete(page: Page, outcome: string, comment?: string) {
    await choose(page, 'outcome', zh.outcome[outcome]);
    if (comment) await page.getByTestId('comment').fill(comment);
    await page.getByTestId('complete').click();
  }

  async function submitted(licenseType = 'discharge_permit') {
    const applicant = anApplicant({ name: '绿源化工有限公司' });
    const body = await portal.applicationFor(applicant, licenseType, { name: `污水处理站扩建项目 ${Math.random().toString(36).slice(2, 6)}`, location: '福州市' });
    const { body: app } = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    return { applicant, id: app.id as string };
  }

  async function axe(page: Page, screen: string) {
    // a menu item caught mid-transition has an in-between colour: let finite CSS transitions and animations end
    await page.evaluate(async () => {
      const doc = (globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown>; effect: { getTiming(): { iterations?: number } } | null }[] } }).document;
      const finite = doc.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    });
    await page.addScriptTag({ content: AXE });
    const violations = (await page.evaluate(async () => {
      const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
      const r = await g.axe.run(g.document, {});
      return { passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })) };
    })) as { passes: number; violations: { id: string; impact: string; targets: string[] }[] };
    expect(violations.passes).toBeGreaterThan(10); // axe ran over a real page
    return { screen, serious: violations.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') };
  }

  it('serves the console with its cache headers: index.html no-cache, hashed assets immutable; first load under 500 KiB gzip', async () => {
    const index = await sys.http().get('/console/').expect(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = /\/console\/(assets\/[^"]+\.js)/.exec(index.text)?.[1];
    expect(asset).toBeDefined();
    const js = await sys.http().get(`/console/${asset}`).expect(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await sys.http().get('/console/assets/nothing-here.js').expect(404);
    expect(consoleFirstLoad(join(ROOT, 'dist', 'console')).withinBudget).toBe(true);
  });

  it('signs development tokens at POST /api/v1/dev/token (DEV_TOKENS=1) that the services accept; refuses a bad body with 400', async () => {
    const res = await sys.http().post('/api/v1/dev/token').send({ roles: ['officer'], dept: 'eia', name: '环评科 吴' }).expect(201);
    await sys.http().get('/api/v1/tasks?status=open').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const bad = await sys.http().post('/api/v1/dev/token').send({ roles: ['officer'], dept: 'nowhere', extra: 1 }).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/dept/);
  });

  it('takes a discharge permit from acceptance to the register through the console: window, reviewer, two sections, head', async () => {
    const { applicant, id } = await submitted();

    const windowPage = await signIn('officer', 'window', '窗口 王敏');
    await openFromInbox(windowPage, id, 'acceptance');
    await windowPage.goto(`${sys.url}/console/#/inbox`);
    await windowPage.locator(`[data-testid="open-case"][data-application="${id}"]`).waitFor();
    await windowPage.waitForLoadState('networkidle');
    await windowPage.screenshot({ path: join(ARTIFACTS, 'inbox.png') });
    await windowPage.locator(`[data-testid="open-case"][data-application="${id}"]`).click();
    await windowPage.getByTestId('case').waitFor();
    await complete(windowPage, 'accept', '材料齐全，予以受理');
    await portal.taskFor(aStaff('pollution'), id, 'review');

    const reviewer = await signIn('officer', 'pollution', '污防科 李强');
    await openFromInbox(reviewer, id, 'review');
    await reviewer.getByTestId('diagram').waitFor();
    await complete(reviewer, 'approve', '符合排污许可技术规范');
    await portal.taskFor(aStaff('monitoring'), id, 'countersign');

    for (const [dept, name] of [['monitoring', '监测站 赵云'], ['enforcement', '执法支队 陈刚']]) {
      const section = await signIn('officer', dept, name);
      await openFromInbox(section, id, 'countersign');
      await complete(section, 'approve', '同意');
      await eventually(async () => (await section.locator(`[data-testid="signer"][data-dept="${dept}"][data-done="true"]`).count()) > 0, 10_000, `${dept}'s signature shown`);
    }
    await portal.taskFor(aStaff('approval'), id, 'decision');

    const head = await signIn('head', 'approval', '审批科 周处长');
    await openFromInbox(head, id, 'decision');
    await head.locator('[data-testid="signer"][data-done="true"]').nth(1).waitFor();
    await head.screenshot({ path: join(ARTIFACTS, 'case.png'), fullPage: true });
    await complete(head, 'approve', '准予许可');

    await eventually(async () => {
      await head.reload();
      await head.getByTestId('case').waitFor();
      return (await head.getByTestId('case').getAttribute('data-status')) === 'approved';
    }, 15_000, 'the case view to show approved');
    expect(await head.getByTestId('case-status').textContent()).toBe(zh.status.approved);
    await head.screenshot({ path: join(ARTIFACTS, 'decided.png'), fullPage: true });
    const permits = await eventually(async () => {
      const res = await portal.get(applicant, '/api/v1/permits').expect(200);
      return res.body.items.length ? res.body.items : undefined;
    }, 10_000, 'the permit');
    expect(permits).toEqual([expect.objectContaining({ licenseType: 'discharge_permit', status: 'valid' })]);

    // UPDATE_SCREENSHOTS=1 refreshes the README's two pictures (like UPDATE_OPENAPI, so a plain run leaves git clean)
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(ARTIFACTS, 'inbox.png'), join(ROOT, 'docs', 'screenshots', 'console-inbox.png'));
      copyFileSync(join(ARTIFACTS, 'case.png'), join(ROOT, 'docs', 'screenshots', 'console-case.png'));
    }
  });

  it("shows the API's message when it refuses: another section's countersign task, a second extension", async () => {
    const { id } = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, id, 'acceptance')).id, 'accept').expect(200);
    await portal.approveAll(id, ['pollution'], 'review');
    const monitoringTask = await portal.taskFor(aStaff('monitoring'), id, 'countersign');

    const legal = await signIn('officer', 'legal', '法制科 孙丽');
    await legal.goto(`${sys.url}/console/#/case/${id}`);
    await legal.getByTestId('case').waitFor();
    await choose(legal, 'task-select', `${zh.taskKind.countersign} · ${zh.dept.monitoring}`);
    await complete(legal, 'approve');
    const refused = await portal.complete(aStaff('legal'), monitoringTask.id, 'approve').expect(403);
    await expect(legal.getByTestId('api-error').first().textContent()).resolves.toContain(refused.body.message);
    await expect(legal.getByTestId('api-error-label').first().textContent()).resolves.toContain(zh.errorCode.NOT_YOUR_TASK); // the code's label, in Chinese
    await legal.screenshot({ path: join(ARTIFACTS, 'refused-403.png'), fullPage: true });

    // 回避: a monitoring officer declares a recusal on the case; their section's vote is then refused (409 CONFLICT_OF_INTEREST, labelled)
    const monitoring = await signIn('officer', 'monitoring', '监测站 钱敏');
    await monitoring.goto(`${sys.url}/console/#/case/${id}`);
    await monitoring.getByTestId('case').waitFor();
    await monitoring.getByTestId('recuse-reason').fill('本人配偶在申请单位任职');
    await monitoring.getByTestId('recuse').click();
    await eventually(async () => ((await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.history.some((h: { action: string }) => h.action === 'recused') ? true : undefined), 10_000, 'the recusal');
    await choose(monitoring, 'task-select', `${zh.taskKind.countersign} · ${zh.dept.monitoring}`);
    await complete(monitoring, 'approve');
    const conflict = monitoring.locator('[data-testid="api-error"][data-code="CONFLICT_OF_INTEREST"]');
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toContain(zh.errorCode.CONFLICT_OF_INTEREST);
    // the transfer targets come from the staff directory (the task's department only)
    await portal.enrol(admin, { id: `mon-${Math.random().toString(36).slice(2, 7)}`, name: '监测站 孙杰', dept: 'monitoring' });
    await monitoring.reload();
    await monitoring.getByTestId('case').waitFor();
    await choose(monitoring, 'task-select', `${zh.taskKind.countersign} · ${zh.dept.monitoring}`);
    await monitoring.getByTestId('hand-to').click();
    await monitoring.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '监测站 孙杰' }).first().waitFor();
    await monitoring.keyboard.press('Escape');

    const head = await signIn('head', 'approval', '审批科 周处长');
    await head.goto(`${sys.url}/console/#/case/${id}`);
    await head.getByTestId('case').waitFor();
    const extend = async () => {
      await head.locator('input[data-testid="extend-days"], [data-testid="extend-days"] input').first().fill('5');
      await head.getByTestId('extend-reason').fill('需组织专家现场核查');
      await head.getByTestId('extend').click();
    };
    await extend();
    await eventually(async () => (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.history.some((h: { action: string }) => h.action === 'extended'), 10_000, 'the extension');
    await head.getByTestId('extend').waitFor();
    await extend();
    const second = await portal.post(aStaff('approval', ['head']), `/api/v1/applications/${id}/extensions`, { days: 5, reason: 'again' }).expect(409);
    await eventually(async () => ((await head.getByTestId('api-error').allTextContents()).some((t) => t.includes('409') && t.includes(second.body.message)) ? true : undefined), 10_000, 'the 409 message');
    await head.screenshot({ path: join(ARTIFACTS, 'refused-409.png'), fullPage: true });
  });

  it('has no serious or critical accessibility violations (axe-core) on any screen', async () => {
    const { id } = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, id, 'acceptance')).id, 'accept').expect(200);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
    contexts.push(context);
    const anon = await context.newPage();
    await anon.goto(`${sys.url}/console/`);
    await anon.getByTestId('signin-dev').waitFor();
    const results = [await axe(anon, 'sign-in')];

    const page = await signIn('head', 'pollution', '污防科 负责人');
    const screens: [string, string, string][] = [
      ['inbox', '#/inbox', 'task-table'],
      ['done', '#/done', 'task-table'],
      ['case', `#/case/${id}`, 'actions'],
      ['search', '#/search', 'search-q'],
      ['dashboard', '#/dashboard', 'report'],
      ['supervision', '#/supervision', 'entities'],
    ];
    for (const [name, hash, ready] of screens) {
      await page.goto(`${sys.url}/console/${hash}`);
      await page.getByTestId(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      results.push(await axe(page, name));
    }
    await page.getByTestId('bell').click();
    await page.locator('.ant-drawer-open').waitFor();
    results.push(await axe(page, 'notifications'));
    expect(results.filter((r) => r.serious.length)).toEqual([]);

    // the bell's unread count is the API's; marking one read lowers it
    const unread = async () => Number(/\((\d+)/.exec((await page.getByTestId('bell').getAttribute('aria-label')) ?? '')?.[1]);
    const before = await unread();
    expect(before).toBeGreaterThan(0); // the pollution section was told of its review tasks
    await page.getByTestId('mark-read').first().click();
    await eventually(async () => ((await unread()) === before - 1 ? true : undefined), 10_000, 'the unread count to drop');
    await page.keyboard.press('Escape');

    // the English switch: the console's words and the API's labels (GET /api/v1/labels?lang=en)
    await page.goto(`${sys.url}/console/#/case/${id}`);
    await page.getByTestId('case').waitFor();
    await page.getByTestId('lang').click();
    const en = (await portal.get(admin, '/api/v1/labels?lang=en').expect(200)).body.labels as Labels;
    await page.getByTestId('nav-inbox').filter({ hasText: 'To do' }).waitFor();
    await eventually(async () => ((await page.getByTestId('case-status').textContent()) === en.status[(await page.getByTestId('case').getAttribute('data-status')) as string] ? true : undefined), 10_000, 'the English status label');
    await page.getByTestId('lang').click();
    await page.getByTestId('nav-inbox').filter({ hasText: '待办' }).waitFor();
  });

  it('turns the lamps yellow then red, and counts the days down, as the manual clock passes the committed and statutory deadlines', async () => {
    const { id } = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, id, 'acceptance')).id, 'accept').expect(200);
    await portal.taskFor(aStaff('pollution'), id, 'review');
    const sla = (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.sla;

    const reviewer = await signIn('officer', 'pollution', '污防科 李强');
    const lamp = reviewer.locator(`tr:has([data-testid="open-case"][data-application="${id}"]) [data-testid="lamp"]`);
    const lampNow = async () => {
      await reviewer.goto(`${sys.url}/console/#/inbox`);
      await reviewer.reload();
      await reviewer.getByTestId('task-table').waitFor();
      await reviewer.waitForLoadState('networkidle');
      if ((await lamp.count()) === 0) return undefined;
      const days = lamp.getByTestId('days-left');
      return { level: await lamp.getAttribute('data-level'), days: (await days.count()) ? Number(await days.getAttribute('data-days')) : null };
    };
    // the days left come from the case's view, a moment after the task list: wait for both
    const lampWhen = (level: string) =>
      eventually(async () => {
        const v = await lampNow();
        return v?.level === level && v.days !== null ? v : undefined;
      }, 20_000, `the lamp of ${id} to be ${level} with its days left`);

    const green = await lampWhen('green');
    expect(green?.days).toBe(sla.remainingDays);

    await portal.post(admin, '/api/v1/_test/clock', { now: at(sla.committedDeadline) }).expect(200);
    const yellow = await lampWhen('yellow');
    expect(yellow?.days).toBe(0); // the committed deadline's own day
    await reviewer.screenshot({ path: join(ARTIFACTS, 'inbox-yellow.png') });

    const dayAfter = new Date(Date.parse(`${sla.statutoryDeadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await portal.post(admin, '/api/v1/_test/clock', { now: at(dayAfter) }).expect(200);
    const red = await lampWhen('red');
    expect(red?.days).toBeLessThanOrEqual(0);
    expect(await lamp.textContent()).toContain(zh.slaLevel.red);
    await reviewer.screenshot({ path: join(ARTIFACTS, 'inbox-red.png') });
  });
});
