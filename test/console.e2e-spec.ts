import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { nationalSignature } from '../libs/http/src/signed-request';
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
  let drawnPlan = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // one after the other: a browser launched beside a system that failed to boot would keep Jest alive
    sys = await RunningSystem.start({ label: 'console', clock: 'manual', clockStart: at('2026-11-02'), env: { DEV_TOKENS: '1', RATE_LIMIT_PER_MINUTE: '0' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
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
    track(page);
    await page.goto(`${sys.url}/console/`);
    await page.getByTestId('signin-role').selectOption(role);
    await page.getByTestId('signin-dept').selectOption(dept);
    await page.getByTestId('signin-name').fill(name);
    await page.getByTestId('signin-sub').fill(`${role}-${dept}-${Math.random().toString(36).slice(2, 7)}`);
    await page.getByTestId('signin-dev').click();
    await page
      .getByTestId('who')
      .waitFor({ timeout: 15_000 })
      .catch(async (err) => {
        throw new Error(`not signed in: ${String(err)}\n${await page.locator('body').innerText()}`);
      });
    return page;
  }

  /**
   * Playwright's `networkidle` waits for every request to finish, and the open inbox holds its task stream
   * (GET /api/v1/tasks/stream) open for as long as it shows: so "idle" here is 500 ms with no request in
   * flight other than that stream.
   */
  const inFlight = new WeakMap<Page, Set<unknown>>();
  function track(page: Page): void {
    const open = new Set<unknown>();
    inFlight.set(page, open);
    page.on('request', (r) => {
      if (!r.url().includes('/api/v1/tasks/stream')) open.add(r);
    });
    page.on('requestfinished', (r) => open.delete(r));
    page.on('requestfailed', (r) => open.delete(r));
  }
  async function quiet(page: Page): Promise<void> {
    await page.waitForLoadState('load');
    const open = inFlight.get(page);
    if (!open) throw new Error('quiet() needs a page made by signIn or tracked with track()');
    let since = Date.now();
    const deadline = Date.now() + 30_000;
    while (Date.now() - since < 500) {
      if (Date.now() > deadline) throw new Error(`requests still in flight after 30 s`);
      if (open.size > 0) since = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    // and no finite animation still running (a drawer sliding in is measured half transparent by axe)
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { getAnimations(): { playState: string; effect: { getTiming(): { iterations: number } } | null }[] } }).document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 10_000 },
    );
  }

  /** Picks an option of an Ant Design select by its label. */
  async function choose(page: Page, testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
  }

  /** Waits (reloading the inbox) until the case's task is listed, then opens the case from it. */
  async function openFromInbox(page: Page, applicationId: string, kind: string) {
    const link = page.locator(`[data-testid="open-case"][data-application="${applicationId}"][data-kind="${kind}"]`);
    await eventually(
      async () => {
        await page.goto(`${sys.url}/console/#/inbox`);
        await page.reload();
        await page.getByTestId('task-table').waitFor();
        await quiet(page);
        return (await link.count()) > 0;
      },
      20_000,
      `${kind} task of ${applicationId} in the inbox`,
    );
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
    const body = await portal.applicationFor(applicant, licenseType, {
      name: `污水处理站扩建项目 ${Math.random().toString(36).slice(2, 6)}`,
      location: '福州市',
    });
    const { body: app } = await portal.post(applicant, '/api/v1/applications', body).expect(201);
    return { applicant, id: app.id as string };
  }

  /** Saves a screenshot in test/artifacts/console/ (git ignores it) only with UPDATE_SCREENSHOTS=1: a plain run writes none. */
  async function shot(page: Page, name: string, fullPage = false) {
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
  }

  /** Lets finite CSS transitions and animations end (a row or menu item caught mid-fade has an in-between colour). */
  async function settle(page: Page) {
    await page.evaluate(async () => {
      const doc = (
        globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown>; effect: { getTiming(): { iterations?: number } } | null }[] } }
      ).document;
      const finite = doc.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    });
  }

  async function axe(page: Page, screen: string) {
    await settle(page);
    await page.addScriptTag({ content: AXE });
    const violations = (await page.evaluate(async () => {
      const g = globalThis as unknown as {
        document: unknown;
        axe: { run: (ctx: unknown, o: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      };
      const r = await g.axe.run(g.document, {});
      return {
        passes: r.passes.length,
        violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
      };
    })) as { passes: number; violations: { id: string; impact: string; targets: string[] }[] };
    expect(violations.passes).toBeGreaterThan(10); // axe ran over a real page
    return { screen, serious: violations.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') };
  }

  it('serves the console with its cache headers: index.html no-cache, hashed assets immutable; first load under 300 KiB gzip', async () => {
    const index = await sys.http().get('/console/').expect(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = /\/console\/(assets\/[^"]+\.js)/.exec(index.text)?.[1];
    expect(asset).toBeDefined();
    const js = await sys.http().get(`/console/${asset}`).expect(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await sys.http().get('/console/assets/nothing-here.js').expect(404);
    expect(consoleFirstLoad(join(ROOT, 'dist', 'console')).withinBudget).toBe(true);
  });

  it('shows new work in the open inbox as it opens, without a reload (the task stream)', async () => {
    const page = await signIn('officer', 'pollution', '污防科 李');
    await page.goto(`${sys.url}/console/#/inbox`);
    await page.getByTestId('task-table').waitFor();
    await quiet(page);
    const applicant = anApplicant();
    const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'facility_dismantle')).expect(201);
    const acceptance = await portal.taskFor(aStaff('window'), body.id, 'acceptance');
    await portal.complete(aStaff('window'), acceptance.id, 'accept').expect(200);
    // no goto, no reload: the stream's announcement has the inbox read its first page again
    await page.locator(`[data-testid="open-case"][data-application="${body.id}"][data-kind="review"]`).waitFor({ timeout: 20_000 });
  });

  it('signs development tokens at POST /api/v1/dev/token (DEV_TOKENS=1) that the services accept; refuses a bad body with 400', async () => {
    const res = await sys
      .http()
      .post('/api/v1/dev/token')
      .send({ roles: ['officer'], dept: 'eia', name: '环评科 吴' })
      .expect(201);
    await sys.http().get('/api/v1/tasks?status=open').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const bad = await sys
      .http()
      .post('/api/v1/dev/token')
      .send({ roles: ['officer'], dept: 'nowhere', extra: 1 })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/dept/);
  });

  it('takes a discharge permit from acceptance to the register through the console: window, reviewer, two sections, head', async () => {
    const { applicant, id } = await submitted();

    const windowPage = await signIn('officer', 'window', '窗口 王敏');
    await openFromInbox(windowPage, id, 'acceptance');
    await windowPage.goto(`${sys.url}/console/#/inbox`);
    await windowPage.locator(`[data-testid="open-case"][data-application="${id}"]`).waitFor();
    await quiet(windowPage);
    await settle(windowPage);
    await shot(windowPage, 'inbox.png');
    await windowPage.locator(`[data-testid="open-case"][data-application="${id}"]`).click();
    await windowPage.getByTestId('case').waitFor();
    await complete(windowPage, 'accept', '材料齐全，予以受理');
    await portal.taskFor(aStaff('pollution'), id, 'review');

    const reviewer = await signIn('officer', 'pollution', '污防科 李强');
    await openFromInbox(reviewer, id, 'review');
    await reviewer.getByTestId('diagram').waitFor();
    // the graph the API answered, laid out by dagre: the step the case is at marked, every exit drawn
    expect(await reviewer.locator('[data-testid="diagram"] [data-mark="current"]').getAttribute('data-step')).toBe('review');
    expect(await reviewer.locator('[data-testid="diagram"] [data-mark="done"]').count()).toBeGreaterThan(0);
    expect(await reviewer.locator('[data-testid="diagram"] polyline[data-edge]').count()).toBeGreaterThan(5);
    await complete(reviewer, 'approve', '符合排污许可技术规范');
    await portal.taskFor(aStaff('monitoring'), id, 'countersign');

    for (const [dept, name] of [
      ['monitoring', '监测站 赵云'],
      ['enforcement', '执法支队 陈刚'],
    ]) {
      const section = await signIn('officer', dept, name);
      await openFromInbox(section, id, 'countersign');
      await complete(section, 'approve', '同意');
      await eventually(
        async () => (await section.locator(`[data-testid="signer"][data-dept="${dept}"][data-done="true"]`).count()) > 0,
        10_000,
        `${dept}'s signature shown`,
      );
    }
    await portal.taskFor(aStaff('approval'), id, 'decision');

    const head = await signIn('head', 'approval', '审批科 周处长');
    await openFromInbox(head, id, 'decision');
    await head.locator('[data-testid="signer"][data-done="true"]').nth(1).waitFor();
    await settle(head);
    await shot(head, 'case.png', true);
    await complete(head, 'approve', '准予许可');

    await eventually(
      async () => {
        await head.reload();
        await head.getByTestId('case').waitFor();
        return (await head.getByTestId('case').getAttribute('data-status')) === 'approved';
      },
      15_000,
      'the case view to show approved',
    );
    expect(await head.getByTestId('case-status').textContent()).toBe(zh.status.approved);
    await shot(head, 'decided.png', true);
    const permits = await eventually(
      async () => {
        const res = await portal.get(applicant, '/api/v1/permits').expect(200);
        return res.body.items.length ? res.body.items : undefined;
      },
      10_000,
      'the permit',
    );
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
    await expect(legal.getByTestId('api-error-title').first().textContent()).resolves.toBe(zh.errorCode[refused.body.code]);
    await expect(legal.getByTestId('api-error-detail').first().textContent()).resolves.toContain(refused.body.message);
    await shot(legal, 'refused-403.png', true);

    // 回避: a monitoring officer declares a recusal on the case; their section's vote is then refused (409 CONFLICT_OF_INTEREST, labelled)
    const monitoring = await signIn('officer', 'monitoring', '监测站 钱敏');
    await monitoring.goto(`${sys.url}/console/#/case/${id}`);
    await monitoring.getByTestId('case').waitFor();
    await monitoring.getByTestId('recuse-reason').fill('本人配偶在申请单位任职');
    await monitoring.getByTestId('recuse').click();
    await eventually(
      async () =>
        (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.history.some((h: { action: string }) => h.action === 'recused')
          ? true
          : undefined,
      10_000,
      'the recusal',
    );
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
    await eventually(
      async () => (await portal.get(admin, `/api/v1/applications/${id}`).expect(200)).body.history.some((h: { action: string }) => h.action === 'extended'),
      10_000,
      'the extension',
    );
    await head.getByTestId('extend').waitFor();
    await extend();
    const second = await portal.post(aStaff('approval', ['head']), `/api/v1/applications/${id}/extensions`, { days: 5, reason: 'again' }).expect(409);
    const shown = head.locator(`[data-testid="api-error"][data-status="409"][data-code="${second.body.code}"]`);
    await eventually(async () => ((await shown.count()) > 0 ? true : undefined), 10_000, 'the 409 refusal');
    expect(await shown.first().getByTestId('api-error-title').textContent()).toBe(zh.errorCode[second.body.code]);
    expect(await shown.first().getByTestId('api-error-detail').textContent()).toContain(second.body.message);
    await shot(head, 'refused-409.png', true);
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
      await quiet(page);
      results.push(await axe(page, name));
    }
    await page.getByTestId('bell').click();
    await page.locator('.ant-drawer-open').waitFor();
    // the pointer that clicked the bell would rest on the drawer's header at 390 px: hovered, a button's text is lighter
    await page.mouse.move(1, 300);
    await quiet(page);
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
    await eventually(
      async () =>
        (await page.getByTestId('case-status').textContent()) === en.status[(await page.getByTestId('case').getAttribute('data-status')) as string]
          ? true
          : undefined,
      10_000,
      'the English status label',
    );
    await page.getByTestId('lang').click();
    await page.getByTestId('nav-inbox').filter({ hasText: '待办' }).waitFor();
  });

  it('draws a plan on the draw screen: no seed to choose, the commitment shown, the seed sealed; cancels it with a reason', async () => {
    // a roster that can staff a check of the entity the permit test made
    for (const userId of ['console-inspector-1', 'console-inspector-2'])
      await sys
        .http()
        .put(`/api/v1/supervision/inspectors/${userId}`)
        .set('Authorization', admin.auth)
        .send({ name: userId, active: true, conflicts: [] })
        .expect(200);
    const head = await signIn('head', 'enforcement', '执法队 负责人');
    await head.goto(`${sys.url}/console/#/supervision`);
    await head.getByRole('tab', { name: '双随机抽查计划' }).click();
    await head.getByTestId('plan-name').fill('2026 年第四季度双随机抽查');
    await head.getByTestId('plan-period').fill('2026-Q4');
    expect(await head.getByLabel('随机种子').count()).toBe(0); // nobody chooses the seed
    await head.getByTestId('draw-plan').click();
    await head
      .getByTestId('drawn-commitment')
      .waitFor({ timeout: 15_000 })
      .catch(async (err) => {
        throw new Error(`not drawn: ${String(err)}\n${await head.locator('body').innerText()}`);
      });
    const commitment = (await head.getByTestId('drawn-commitment').textContent()) ?? '';
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    const row = head.locator('[data-testid="plans"] tr[data-plan]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('期满后公开');
    expect(await row.getAttribute('data-status')).toBe('drawn');
    drawnPlan = (await row.getAttribute('data-plan')) ?? '';
    await shot(head, 'supervision-draw.png');

    await row.getByTestId('cancel-plan').click();
    await head.getByTestId('cancel-reason').fill('名录有误，重新抽取');
    await head.getByTestId('cancel-plan-ok').click();
    await eventually(
      async () => ((await head.locator(`tr[data-plan="${drawnPlan}"]`).getAttribute('data-status')) === 'cancelled' ? true : undefined),
      10_000,
      'the plan to show as cancelled',
    );
    expect(await head.locator(`tr[data-plan="${drawnPlan}"]`).textContent()).toContain('名录有误，重新抽取');
    const plan = (await portal.get(admin, `/api/v1/supervision/plans/${drawnPlan}`).expect(200)).body;
    expect(plan).toMatchObject({ status: 'cancelled', seedCommitment: commitment, seed: null });
  });

  /**
   * What a person sees, walked screen by screen in both languages on a desk (1440 px) and a phone (390 px).
   * Each screen fails on: visible text that is a raw identifier (a camelCase or snake_case word: a field name,
   * an enum value, an action code), a page wider than the window, any error or warning in the browser's console
   * (a failed request included), an axe violation of serious or critical impact.
   */
  it('walks every screen in Chinese and English at 1440 and 390 px: nothing raw, no sideways scroll, a clean console, no serious axe violation', async () => {
    // ordinary applications: one waiting at the window, one refused there, one in countersign, one decided
    const waiting = await submitted();
    const refused = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, refused.id, 'acceptance')).id, 'not_accept', { comment: '申请材料不齐全' }).expect(200);
    const inReview = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, inReview.id, 'acceptance')).id, 'accept').expect(200);
    await portal.approveAll(inReview.id, ['pollution'], 'review');
    await portal.taskFor(aStaff('monitoring'), inReview.id, 'countersign');
    const decided = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, decided.id, 'acceptance')).id, 'accept').expect(200);
    await portal.approveDischargePermit(decided.id);
    await portal.status(admin, decided.id, 'approved');

    // the acceptance task carries the acceptance limit's last day as its due date: received Monday 2026-11-02
    // (the manual clock, not moved before the last test), a discharge permit's limit is 3 calendar days
    const acceptance = await portal.taskFor(clerk, waiting.id, 'acceptance');
    expect(acceptance.dueDate).toBe('2026-11-05');

    const tokenOf = async (roles: string[], dept: string, name: string) =>
      (
        await sys
          .http()
          .post('/api/v1/dev/token')
          .send({ roles, dept, name, sub: `${roles[0]}-${dept}-walk` })
          .expect(201)
      ).body.token as string;
    const head = await tokenOf(['head'], 'pollution', '污防科 负责人');
    const windowClerk = await tokenOf(['officer'], 'window', '窗口 王敏');
    const auditor = await tokenOf(['admin'], 'approval', '系统管理员 冯');
    const RAW = /\b(?:[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g;

    interface Finding {
      where: string;
      raw: string[];
      overflow: number;
      console: string[];
      serious: { id: string; impact: string; targets: string[] }[];
    }
    const findings: Finding[] = [];
    const dueOfAcceptance: (string | null)[] = [];

    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [device, viewport] of [
        ['desk', { width: 1440, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const context = await browser.newContext({
          viewport,
          locale: lang,
          timezoneId: 'Asia/Shanghai',
          isMobile: device === 'phone',
          hasTouch: device === 'phone',
        });
        contexts.push(context);
        await context.addInitScript(
          (l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('console.lang', l),
          lang,
        );
        const page = await context.newPage();
        track(page);
        const logged: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()} ${m.location().url ?? ''}`);
        });
        page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));

        const look = async (screen: string) => {
          await quiet(page);
          const seen = (await page.evaluate(() => {
            const g = globalThis as unknown as { document: any; NodeFilter: { SHOW_TEXT: number } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- runs in the browser page, whose DOM types this program lacks
            const out: string[] = [];
            const walker = g.document.createTreeWalker(g.document.body, g.NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement;
              if (!el || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) || el.closest('[data-user-text], script, style, code, pre'))
                continue;
              out.push(n.textContent);
            }
            const root = g.document.documentElement;
            return { text: out.join('\n'), overflow: root.scrollWidth - root.clientWidth };
          })) as { text: string; overflow: number };
          const { serious } = await axe(page, screen);
          findings.push({
            where: `${lang} ${device} ${screen}`,
            raw: [...new Set(seen.text.match(RAW) ?? [])],
            overflow: seen.overflow,
            console: logged.splice(0),
            serious,
          });
          if (process.env.UPDATE_SCREENSHOTS === '1' || seen.overflow > 1)
            await page.screenshot({ path: join(ARTIFACTS, `walk-${lang}-${device}-${screen}.png`), fullPage: true });
        };
        const visit = async (hash: string, ready: string, screen: string) => {
          await page.goto(`${sys.url}/console/${hash}`);
          await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
          await look(screen);
        };

        /** This tab signed in as the token's person (the console keeps its token in sessionStorage, read at load). */
        const signInAs = async (token: string) => {
          await page.evaluate(
            (tk) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('console.token', tk),
            token,
          );
          await page.reload();
          await page.getByTestId('bell').waitFor();
        };

        await page.goto(`${sys.url}/console/`);
        await page.getByTestId('signin-dev').waitFor();
        await look('sign-in');

        // the window's inbox: acceptance tasks with their due dates
        await signInAs(windowClerk);
        await visit('#/inbox', 'task-table', 'inbox-window');
        await page.locator(`[data-testid="open-case"][data-application="${waiting.id}"]`).first().waitFor();
        dueOfAcceptance.push(
          await page
            .locator(`[data-testid="task-table"] :is(tr, [data-testid="task-table-card"]):has([data-application="${waiting.id}"]) [data-testid="due"]`)
            .first()
            .getAttribute('data-due'),
        );

        await signInAs(head);
        await visit('#/inbox', 'task-table', 'inbox');
        await visit('#/done', 'task-table', 'done');
        await visit(`#/case/${waiting.id}`, 'no-clock', 'case-waiting');
        await visit(`#/case/${refused.id}`, 'no-clock', 'case-refused');
        await visit(`#/case/${inReview.id}`, 'calendar-strip', 'case-countersign');
        await page.getByTestId('diagram').waitFor();
        await visit(`#/case/${decided.id}`, 'days-used', 'case-decided');
        await visit('#/search', 'search-q', 'search');
        await page.getByTestId('search-hit').first().waitFor();
        await look('search-results');
        await visit('#/dashboard', 'report', 'dashboard');
        await visit('#/supervision', 'entities', 'supervision');
        for (const tab of ['positive', 'plans', 'checks', 'alarms']) await visit(`#/supervision/${tab}`, tab, `supervision-${tab}`);
        await page.getByTestId('bell').click();
        await page.locator('.ant-drawer-open').waitFor();
        // the pointer that clicked the bell would rest on the drawer's header at 390 px: hovered, a button's text is lighter
        await page.mouse.move(1, 300);
        await look('notifications');
        await page.keyboard.press('Escape');
        if (device === 'phone') {
          await page.getByTestId('menu').click();
          await page.getByTestId('nav-dashboard').waitFor();
          await look('menu');
          await page.getByTestId('nav-dashboard').click();
          await page.getByTestId('report').first().waitFor();
        }
        // last: the admin's audit screen (the menu above is the head's, as before)
        await signInAs(auditor);
        await visit('#/auditScreen', 'integrity', 'audit');
        await page.locator('[data-testid="integrity-recusals"]:not([data-count=""])').waitFor();
        await look('audit-report');
        await context.close();
      }
    }
    const bad = findings.filter((f) => f.raw.length || f.overflow > 1 || f.console.length || f.serious.length);
    expect(bad).toEqual([]);
    expect(dueOfAcceptance).toEqual([acceptance.dueDate, acceptance.dueDate, acceptance.dueDate, acceptance.dueDate]);
    expect(findings.length).toBeGreaterThanOrEqual(4 * 19);
  });

  it('opens a penalty case from the inbox like any task: the legal section proposes and approves its review in the workbench', async () => {
    const now = Date.parse((await portal.get(admin, '/api/v1/_test/clock').expect(200)).body.now as string);
    const firm = anApplicant();
    const raw = JSON.stringify({
      alarmId: `ALM-${randomUUID()}`,
      creditCode: firm.creditCode,
      outlet: 'DA001',
      pollutant: 'SO2',
      value: 212.5,
      limit: 100,
      unit: 'mg/m3',
      at: new Date(now).toISOString(),
    });
    const ts = String(Math.floor(now / 1000));
    const nonce = randomUUID();
    const alarm = await sys
      .http()
      .post('/api/v1/integrations/monitoring/alarms')
      .set('Content-Type', 'application/json')
      .set({ 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': nationalSignature('dev-monitoring-secret', ts, nonce, raw) })
      .send(raw)
      .expect(202);
    const verifier = aStaff('enforcement', ['head']);
    const verification = await portal.taskFor(verifier, alarm.body.verificationId as string, 'alarm_verification');
    await portal.complete(verifier, verification.id, 'approve', { comment: 'SO2 exceedance confirmed' }).expect(200);
    const penalty = await eventually(
      async () =>
        ((await portal.get(admin, '/api/v1/supervision/penalties?limit=1000').expect(200)).body.items as { id: string; creditCode: string }[]).find(
          (p) => p.creditCode === firm.creditCode,
        ),
      10_000,
      'the penalty case',
    );

    const legalPage = await signIn('officer', 'legal', '法制科 李');
    await openFromInbox(legalPage, penalty.id, 'legal_review');
    await legalPage.locator('[data-testid="case-facts"][data-kind="penalty"]').waitFor();
    await legalPage.getByTestId('proposal-facts').fill('DA001 排放口二氧化硫 212.5 mg/m3，超过排放限值');
    await legalPage.getByTestId('proposal-basis').fill('《大气污染防治法》第九十九条');
    await choose(legalPage, 'proposal-kind', zh.sanction.warning);
    await legalPage.getByTestId('propose').click();
    await eventually(
      async () => (await portal.get(admin, `/api/v1/supervision/penalties/${penalty.id}`).expect(200)).body.sanction?.kind === 'warning',
      10_000,
      'the proposal saved',
    );
    await complete(legalPage, 'approve');
    const told = await eventually(
      async () => {
        const p = (await portal.get(admin, `/api/v1/supervision/penalties/${penalty.id}`).expect(200)).body;
        return p.statementDue ? p : undefined;
      },
      10_000,
      'the notice to the firm',
    );
    expect(told).toMatchObject({ facts: 'DA001 排放口二氧化硫 212.5 mg/m3，超过排放限值', sanction: { kind: 'warning', amountYuan: null } });
  });

  it('filters the inbox by licence type, opens a material, suspends and resumes the clock over its calendar strip, delegates, changes sections, recuses', async () => {
    const dp = await submitted('discharge_permit');
    const rad = await submitted('radiation_safety');
    const clerkPage = await signIn('officer', 'window', '窗口 周');
    await openFromInbox(clerkPage, rad.id, 'acceptance');
    // opening a file: the material comes through the API with the token and opens in a new tab
    const [popup] = await Promise.all([clerkPage.waitForEvent('popup'), clerkPage.getByTestId('open-file').first().click()]);
    expect(await popup.opener()).toBe(clerkPage);
    await popup.close();
    // the licence filter is the API's (licenseType): only radiation safety tasks, the discharge permit's gone
    await clerkPage.goto(`${sys.url}/console/#/inbox`);
    await clerkPage.getByTestId('task-table').waitFor();
    await choose(clerkPage, 'filter-license', zh.licenseType.radiation_safety);
    await eventually(
      async () => {
        await quiet(clerkPage);
        const has = async (id: string) => (await clerkPage.locator(`[data-testid="open-case"][data-application="${id}"]`).count()) > 0;
        return (await has(rad.id)) && !(await has(dp.id));
      },
      10_000,
      'the inbox filtered by licence type',
    );
    expect((await axe(clerkPage, 'inbox-filtered')).serious).toEqual([]);

    // a case in review: the clock bar with its calendar strip; suspend and resume through the console
    await portal.complete(clerk, (await portal.taskFor(clerk, dp.id, 'acceptance')).id, 'accept').expect(200);
    const head = await signIn('head', 'pollution', '污防科 吴');
    await openFromInbox(head, dp.id, 'review');
    const strip = head.getByTestId('calendar-strip');
    await strip.waitFor();
    expect(await strip.getAttribute('data-paused')).toBe('0');
    expect(await head.locator('[data-testid="calendar-strip"] [data-kind="weekend"]').count()).toBeGreaterThan(0);
    expect(await head.locator('[data-testid="calendar-strip"] [data-day="2026-11-07"]').getAttribute('data-kind')).toBe('weekend');
    await choose(head, 'suspend-reason', zh.pauseReason.expert_review);
    await head.locator('input[data-testid="suspend-days"], [data-testid="suspend-days"] input').first().fill('10');
    await head.getByTestId('suspend').click();
    await head.getByTestId('resume').waitFor();
    expect((await portal.get(admin, `/api/v1/applications/${dp.id}`).expect(200)).body.sla.clock).toBe('paused');
    expect(Number(await strip.getAttribute('data-paused'))).toBeGreaterThan(0);
    expect((await axe(head, 'case-paused')).serious).toEqual([]);
    await head.getByTestId('resume').click();
    await head.getByTestId('suspend').waitFor();
    expect((await portal.get(admin, `/api/v1/applications/${dp.id}`).expect(200)).body.sla.clock).toBe('running');

    // delegate the review to a colleague of the staff directory
    const colleague = `pollution-${randomUUID().slice(0, 8)}`;
    await portal.enrol(admin, { id: colleague, name: '污防科 郑', dept: 'pollution' });
    await head.reload();
    await head.getByTestId('hand-to').waitFor();
    await choose(head, 'hand-to', `污防科 郑 (${colleague})`);
    await head.getByTestId('delegate').click();
    await eventually(
      async () =>
        ((await portal.get(admin, `/api/v1/applications/${dp.id}`).expect(200)).body.openTasks as { kind: string; assignee?: string | null }[]).some(
          (x) => x.kind === 'review' && x.assignee === colleague,
        ),
      10_000,
      'the review delegated',
    );

    // countersign, on another case (a delegated review goes back to its delegator): the head adds a section, then takes it away
    const cs = await submitted();
    await portal.complete(clerk, (await portal.taskFor(clerk, cs.id, 'acceptance')).id, 'accept').expect(200);
    await portal.approveAll(cs.id, ['pollution'], 'review');
    await portal.taskFor(aStaff('monitoring'), cs.id, 'countersign');
    const signers = async () =>
      ((await portal.get(admin, `/api/v1/applications/${cs.id}`).expect(200)).body.openTasks as { kind: string; dept: string }[])
        .filter((x) => x.kind === 'countersign')
        .map((x) => x.dept)
        .sort();
    await head.goto(`${sys.url}/console/#/case/${cs.id}`);
    await head.getByTestId('signers-add').waitFor();
    await choose(head, 'signers-add', zh.dept.legal);
    await head.keyboard.press('Escape');
    await head.getByTestId('signers-save').click();
    await eventually(async () => (await signers()).includes('legal'), 10_000, 'legal added to the countersign');
    await head.locator('[data-testid="signer"][data-dept="legal"]').waitFor();
    await choose(head, 'signers-remove', zh.dept.legal);
    await head.keyboard.press('Escape');
    await head.getByTestId('signers-save').click();
    await eventually(async () => !(await signers()).includes('legal'), 10_000, 'legal removed from the countersign');

    // 回避: a section member declares a conflict on the case
    const section = await signIn('officer', 'monitoring', '监测站 钱');
    await openFromInbox(section, cs.id, 'countersign');
    await section.getByTestId('recuse-reason').fill('申请单位法定代表人系本人亲属');
    await section.getByTestId('recuse').click();
    await eventually(
      async () =>
        ((await portal.get(admin, `/api/v1/applications/${cs.id}`).expect(200)).body.history as { action: string }[]).some((h) => /recus/.test(h.action)),
      10_000,
      'the recusal recorded',
    );
  });

  it('lists monitoring alarms and opens the verification; downloads the report CSV; verifies the audit chain with its progress and shows the integrity report', async () => {
    const now = Date.parse((await portal.get(admin, '/api/v1/_test/clock').expect(200)).body.now as string);
    const raw = JSON.stringify({
      alarmId: `ALM-${randomUUID()}`,
      creditCode: anApplicant().creditCode,
      outlet: 'DW001',
      pollutant: 'COD',
      value: 85.2,
      limit: 50,
      unit: 'mg/L',
      at: new Date(now).toISOString(),
    });
    const ts = String(Math.floor(now / 1000));
    const nonce = randomUUID();
    const alarm = await sys
      .http()
      .post('/api/v1/integrations/monitoring/alarms')
      .set('Content-Type', 'application/json')
      .set({ 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': nationalSignature('dev-monitoring-secret', ts, nonce, raw) })
      .send(raw)
      .expect(202);
    const verificationId = alarm.body.verificationId as string;
    const enforcement = await signIn('head', 'enforcement', '执法支队 孙');
    await enforcement.goto(`${sys.url}/console/#/supervision/alarms`);
    const link = enforcement.locator(`[data-testid="alarm-case"][href="#/case/${verificationId}"]`);
    await link.waitFor({ timeout: 15_000 });
    expect((await axe(enforcement, 'alarms')).serious).toEqual([]);
    await link.click();
    await enforcement.locator('[data-testid="case-facts"]').waitFor();

    // the business-environment report's CSV, downloaded through the API with the token
    await enforcement.goto(`${sys.url}/console/#/dashboard`);
    await enforcement.getByTestId('report').first().waitFor();
    const [download] = await Promise.all([enforcement.waitForEvent('download'), enforcement.getByTestId('csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^business-environment-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(readFileSync((await download.path()) as string, 'utf8')).toMatch(/,/); // a CSV, not an error page

    // the audit screen is the auditors' and admins': not in a head's menu
    expect(await enforcement.getByTestId('nav-auditScreen').count()).toBe(0);
    const adminPage = await signIn('admin', 'approval', '系统管理员');
    await adminPage.getByTestId('nav-auditScreen').click();
    await adminPage.getByTestId('verification').waitFor();
    await adminPage.getByTestId('start-verification').click();
    await adminPage.getByTestId('verification-progress').waitFor();
    await adminPage.locator('[data-testid="verification"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await adminPage.getByTestId('verification-result').innerText()).toContain('审计链完整');
    const recusals = adminPage.getByTestId('integrity-recusals');
    await eventually(async () => Number((await recusals.getAttribute('data-count')) || '0') >= 1, 10_000, 'the recusal in the integrity report');
    await adminPage.mouse.move(0, 0); // the pointer off the button it pressed: a hovered button has its lighter colour
    expect((await axe(adminPage, 'audit')).serious).toEqual([]);
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
      await quiet(reviewer);
      if ((await lamp.count()) === 0) return undefined;
      const days = lamp.getByTestId('days-left');
      return { level: await lamp.getAttribute('data-level'), days: (await days.count()) ? Number(await days.getAttribute('data-days')) : null };
    };
    // the days left come from the case's view, a moment after the task list: wait for both
    const lampWhen = (level: string) =>
      eventually(
        async () => {
          const v = await lampNow();
          return v?.level === level && v.days !== null ? v : undefined;
        },
        20_000,
        `the lamp of ${id} to be ${level} with its days left`,
      );

    const green = await lampWhen('green');
    expect(green?.days).toBe(sla.remainingDays);

    await portal.post(admin, '/api/v1/_test/clock', { now: at(sla.committedDeadline) }).expect(200);
    const yellow = await lampWhen('yellow');
    expect(yellow?.days).toBe(0); // the committed deadline's own day
    await shot(reviewer, 'inbox-yellow.png');

    const dayAfter = new Date(Date.parse(`${sla.statutoryDeadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await portal.post(admin, '/api/v1/_test/clock', { now: at(dayAfter) }).expect(200);
    const red = await lampWhen('red');
    expect(red?.days).toBeLessThanOrEqual(0);
    expect(await lamp.textContent()).toContain(zh.slaLevel.red);
    await shot(reviewer, 'inbox-red.png');
  });

  it('shows the seed of a plan on the draw screen once its period has ended', async () => {
    await portal.post(admin, '/api/v1/_test/clock', { now: at('2027-01-01') }).expect(200);
    const head = await signIn('head', 'enforcement', '执法队 负责人');
    await head.goto(`${sys.url}/console/#/supervision`);
    await head.getByRole('tab', { name: '双随机抽查计划' }).click();
    const seed = head.locator(`tr[data-plan="${drawnPlan}"] [data-testid="revealed-seed"]`);
    await seed.waitFor();
    const plan = (await portal.get(admin, `/api/v1/supervision/plans/${drawnPlan}`).expect(200)).body;
    expect(await seed.getAttribute('title')).toBe(plan.seed);
    expect(createHash('sha256').update(plan.seed).digest('hex')).toBe(plan.seedCommitment);
  });
});
