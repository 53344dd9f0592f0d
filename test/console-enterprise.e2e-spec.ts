import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aPdf } from '../apps/intake/src/files/testing/samples';
import { nationalSignature } from '../libs/http/src/signed-request';
import { consoleFirstLoad } from '../scripts/console-size';
import { ROOT } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant } from './support/users';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'enterprise');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const QUOTA_FILES = 30;

type Applicant = ReturnType<typeof anApplicant>;
type Labels = Record<string, Record<string, string>>;

/**
 * The enterprise side of the console (企业端, apps/console/src/enterprise) in a real browser (Debian's Chromium
 * through playwright-core) against the whole system on the manual clock. The staff side of each story is driven
 * over the API, as the bureau's workbench would. Screenshots of each step are written only with UPDATE_SCREENSHOTS=1.
 */
describe('the enterprise side of the console in a browser', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let browser: Browser;
  let zh: Labels;
  const contexts: BrowserContext[] = [];
  const admin = anAdmin();
  const clerk = aStaff('window');
  const legal = aStaff('legal');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await RunningSystem.start({
      label: 'console-enterprise',
      clock: 'manual',
      clockStart: '2026-11-02T02:00:00.000Z',
      env: { RATE_LIMIT_PER_MINUTE: '0', FILES_QUOTA_FILES: String(QUOTA_FILES) },
    });
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

  /** A browser window of this enterprise, its token already in the tab (as after a sign-in), at a phone's or a desk's width. */
  async function windowOf(who: Applicant, width = 1440, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width < 768 ? 844 : 1000 }, locale: lang, timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    // the page's own storage (the test's tsconfig has no DOM types: reached through globalThis)
    await context.addInitScript(
      ([token, l]) => {
        const g = globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void }; localStorage: { setItem(k: string, v: string): void } };
        g.sessionStorage.setItem('console.token', token);
        g.localStorage.setItem('console.lang', l === 'en' ? 'en' : 'zh-CN');
      },
      [who.token, lang],
    );
    return context.newPage();
  }

  async function open(page: Page, hash: string, testid: string) {
    await page.goto(`${sys.url}/console/${hash}`);
    await page.getByTestId(testid).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
  }

  async function shot(page: Page, name: string) {
    if (UPDATE) await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  async function settle(page: Page) {
    await page.evaluate(async () => {
      const doc = (
        globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown>; effect: { getTiming(): { iterations?: number } } | null }[] } }
      ).document;
      await Promise.all(
        doc
          .getAnimations()
          .filter((a) => a.effect?.getTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined)),
      );
    });
  }

  /** axe-core's serious and critical violations of the page as it is. */
  async function axe(page: Page) {
    await settle(page);
    await page.addScriptTag({ content: AXE });
    const r = (await page.evaluate(async () => {
      const g = globalThis as unknown as {
        document: unknown;
        axe: { run: (ctx: unknown, o: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      };
      const out = await g.axe.run(g.document, {});
      return {
        passes: out.passes.length,
        violations: out.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })),
      };
    })) as { passes: number; violations: { id: string; impact: string; targets: string[] }[] };
    expect(r.passes).toBeGreaterThan(10);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  async function fileApplication(who: Applicant, name: string) {
    const body = await portal.applicationFor(who, 'discharge_permit', { name, location: '呼和浩特市' });
    return (await portal.post(who, '/api/v1/applications', body).expect(201)).body.id as string;
  }

  /** A penalty case opened against the firm by a confirmed monitoring alarm, proposed by the legal section and notified to the firm. */
  async function penaltyNotified(firm: Applicant, amountYuan: number) {
    const now = Date.parse((await portal.get(admin, '/api/v1/_test/clock').expect(200)).body.now as string);
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
    const review = await portal.taskFor(legal, penalty.id, 'legal_review');
    await sys
      .http()
      .put(`/api/v1/supervision/penalties/${penalty.id}/proposal`)
      .set('Authorization', legal.auth)
      .send({
        facts: 'DA001 排放口二氧化硫 212.5 mg/m3，超过排放限值 100 mg/m3',
        legalBasis: '《大气污染防治法》第九十九条第二项',
        sanction: { kind: 'fine', amountYuan },
      })
      .expect(200);
    await portal.complete(legal, review.id, 'approve').expect(200);
    await portal.notification(firm, penalty.id, 'penalty_notice');
    return penalty.id;
  }

  it('keeps the enterprise first load within 250 KiB gzip, apart from the staff side', () => {
    const dir = join(ROOT, 'dist', 'console');
    const enterprise = consoleFirstLoad(dir, 'enterprise');
    const staff = consoleFirstLoad(dir, 'staff');
    expect(enterprise.gzipBytes).toBeLessThanOrEqual(250 * 1024);
    expect(enterprise.withinBudget).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    // neither side loads the other's root
    expect(enterprise.files.map((f) => f.file)).not.toContain(manifest['src/App.tsx'].file);
    expect(staff.files.map((f) => f.file)).not.toContain(manifest['src/enterprise/Root.tsx'].file);
  });

  it('takes an enterprise from a new application through uploads, a correction and the decision to its permit, on a phone', async () => {
    const firm = anApplicant({ name: '青城环保科技有限公司' });
    const sub = await portal.subItem(firm, 'discharge_permit');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();

    // sign in with the identity provider's token: the console sees an applicant and loads the enterprise side
    await page.goto(`${sys.url}/console/`);
    await page.getByRole('tab', { name: '令牌登录' }).click();
    await page.getByTestId('signin-token').fill(firm.token);
    await page.getByTestId('signin-paste').click();
    await page.getByTestId('enterprise').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('who').innerText()).resolves.toContain(firm.creditCode);
    await shot(page, '01-my-applications');

    // a new application from the catalogue: the checklist, uploads with progress, refusals by code
    await page.getByTestId('nav-new').click();
    await page.getByTestId('sub-item').selectOption(sub.code);
    await page.getByTestId('project-name').fill('年产 2 万吨再生塑料项目');
    await page.getByTestId('project-location').fill('呼和浩特市赛罕区');
    expect(await page.getByTestId('material').count()).toBe(sub.materials.length);
    const [first, ...others] = sub.materials.filter((m) => m.required);
    const firstRow = page.locator(`[data-testid="material"][data-code="${first.code}"]`);
    // not a PDF, OFD or image, whatever its name says: the API's 415, in words
    await page
      .getByTestId(`file-${first.code}`)
      .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some text, not a PDF') });
    const typeRefusal = firstRow.getByTestId('refusal');
    await expect(typeRefusal.getAttribute('data-code')).resolves.toBe('UNSUPPORTED_MEDIA_TYPE');
    await expect(typeRefusal.innerText()).resolves.toContain('文件类型不支持');
    await shot(page, '02-refused-type');
    // over 50 MiB: refused before a byte is sent, in the same words as the API's 413
    const big = join(mkdtempSync(join(tmpdir(), 'enterprise-')), 'huge.pdf');
    writeFileSync(big, '%PDF-1.4\n');
    truncateSync(big, 50 * 1024 * 1024 + 1);
    await page.getByTestId(`file-${first.code}`).setInputFiles(big);
    await expect(firstRow.getByTestId('refusal').getAttribute('data-code')).resolves.toBe('PAYLOAD_TOO_LARGE');
    await expect(firstRow.getByTestId('refusal').innerText()).resolves.toContain('50 MiB');
    await expect(page.getByTestId('submit').isDisabled()).resolves.toBe(true);
    for (const m of [first, ...others]) {
      await page.getByTestId(`file-${m.code}`).setInputFiles({ name: `${m.code}.pdf`, mimeType: 'application/pdf', buffer: aPdf(`${m.code} ${randomUUID()}`) });
      await page.getByTestId(`uploaded-${m.code}`).waitFor();
      await expect(page.getByTestId(`progress-${m.code}`).getAttribute('data-percent')).resolves.toBe('100');
    }
    await expect(firstRow.getByTestId('refusal').count()).resolves.toBe(0);
    await shot(page, '03-materials-uploaded');
    await page.getByTestId('submit').click();
    await page.locator('[data-testid="application-view"][data-status="submitted"]').waitFor();
    const id = page.url().split('/').pop() as string;
    const filed = (await portal.get(firm, `/api/v1/applications/${id}`).expect(200)).body;
    expect(filed).toMatchObject({ status: 'submitted', subItemCode: sub.code, project: { name: '年产 2 万吨再生塑料项目' }, channel: 'portal' });
    expect(filed.materials.map((m: { code: string }) => m.code).sort()).toEqual([first, ...others].map((m) => m.code).sort());
    await shot(page, '04-submitted');

    // the window asks for one material again (staff side, over the API)
    const toCorrect = others.length ? others[others.length - 1] : first;
    await portal
      .complete(clerk, (await portal.taskFor(clerk, id, 'acceptance')).id, 'request_correction', {
        corrections: [toCorrect.code],
        comment: '第 3 页扫描不清晰',
      })
      .expect(200);
    await portal.status(firm, id, 'correction_requested');
    await page.reload();
    const correction = page.getByTestId('correction');
    await correction.waitFor();
    // only the listed material is offered, with the window's words
    expect(await correction.getByTestId('material').count()).toBe(1);
    await expect(correction.getByTestId('material').getAttribute('data-code')).resolves.toBe(toCorrect.code);
    await expect(correction.innerText()).resolves.toContain('第 3 页扫描不清晰');
    await shot(page, '05-correction-requested');
    await correction
      .getByTestId(`file-${toCorrect.code}`)
      .setInputFiles({ name: 'corrected.pdf', mimeType: 'application/pdf', buffer: aPdf(`corrected ${randomUUID()}`) });
    await correction.getByTestId(`uploaded-${toCorrect.code}`).waitFor();
    await correction.getByTestId('send-supplement').click();
    await page.locator('[data-testid="application-view"][data-status="submitted"]').waitFor();
    const supplemented = (await portal.get(firm, `/api/v1/applications/${id}`).expect(200)).body;
    expect(supplemented.materials).toEqual(expect.arrayContaining([expect.objectContaining({ code: toCorrect.code, fileName: 'corrected.pdf' })]));

    // accepted, reviewed, countersigned and decided by the bureau
    await portal.complete(clerk, (await portal.taskFor(clerk, id, 'acceptance')).id, 'accept').expect(200);
    await portal.status(firm, id, 'in_review');
    await page.reload();
    await page.locator('[data-testid="clock"][data-clock="running"]').waitFor();
    await expect(page.getByTestId('days-left').innerText()).resolves.toMatch(/\d+ 个(工作日|自然日)/);
    await shot(page, '06-in-review');
    await portal.approveDischargePermit(id);
    await portal.status(firm, id, 'approved');
    await page.reload();
    await page.locator('[data-testid="application-view"][data-status="approved"]').waitFor();
    await page.locator('[data-testid="clock"][data-clock="stopped"]').waitFor();
    const history = await page.getByTestId('history').innerText();
    expect(history).toContain('准予许可');
    await shot(page, '07-approved');

    // the rating after the decision (API.md "Reports")
    await page.getByTestId('score-5').check();
    await page.getByTestId('rating-comment').fill('窗口一次告知，办理很快');
    await page.getByTestId('rate').click();
    await page.getByTestId('rated').waitFor();

    // notifications: the correction request and the decision, each linked to the case
    await page.getByTestId('nav-notifications').click();
    await page.locator('[data-testid="notification"][data-kind="correction_requested"]').waitFor();
    await page.locator('[data-testid="notification"][data-kind="decision"]').waitFor();
    await shot(page, '08-notifications');
    await page.getByTestId('read-all').click();
    await eventually(async () => (await page.locator('[data-testid="notification"][data-read="no"]').count()) === 0, 10_000, 'all read');

    // the permit, its public verification address and the certificate
    const permit = await eventually(
      async () =>
        ((await portal.get(firm, '/api/v1/permits').expect(200)).body.items as { permitNo: string; applicationId: string }[]).find(
          (p) => p.applicationId === id,
        ),
      10_000,
      'the permit',
    );
    await page.getByTestId('nav-permits').click();
    const card = page.locator(`[data-testid="permit"][data-permit="${permit.permitNo}"]`);
    await card.waitFor();
    await expect(card.getByTestId('verify-link').getAttribute('href')).resolves.toBe(`${sys.url}/api/v1/public/permits/${permit.permitNo}`);
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('certificate').click()]);
    expect(download.suggestedFilename()).toBe(`${permit.permitNo}.pdf`);
    const pdf = readFileSync((await download.path()) as string);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await shot(page, '09-permit');
    if (UPDATE) {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(ARTIFACTS, '06-in-review.png'), join(ROOT, 'docs', 'screenshots', 'enterprise-application.png'));
    }

    // signing out leaves the enterprise side for the sign-in
    await page.getByTestId('sign-out').click();
    await page.getByRole('tab', { name: '令牌登录' }).waitFor();
    await expect(page.getByTestId('enterprise').count()).resolves.toBe(0);
  });

  it("refuses an upload over the enterprise's quota with the API's code, in Chinese and in English", async () => {
    const firm = anApplicant();
    for (let i = 0; i < QUOTA_FILES; i++) await portal.upload(firm, aPdf(`filler ${i} ${randomUUID()}`), `f${i}.pdf`).expect(201);
    const sub = await portal.subItem(firm, 'discharge_permit');
    const m = sub.materials[0];
    for (const [lang, words] of [
      ['zh-CN', '限额'],
      ['en', 'quota'],
    ] as const) {
      const page = await windowOf(firm, 390, lang);
      await open(page, '#/new', 'sub-item');
      await page.getByTestId('sub-item').selectOption(sub.code);
      await page.getByTestId(`file-${m.code}`).setInputFiles({ name: 'one-more.pdf', mimeType: 'application/pdf', buffer: aPdf(`over ${randomUUID()}`) });
      const refusal = page.locator(`[data-testid="material"][data-code="${m.code}"]`).getByTestId('refusal');
      await expect(refusal.getAttribute('data-code')).resolves.toBe('QUOTA_EXCEEDED');
      await expect(refusal.innerText()).resolves.toContain(words);
    }
  });

  it('files a statement and asks for a hearing on a penalty notice', async () => {
    const firm = anApplicant({ name: '北疆热电有限公司' });
    const penaltyId = await penaltyNotified(firm, 200_000);
    const page = await windowOf(firm, 390);
    await open(page, '#/notifications', 'notification');
    await page.locator('[data-testid="notification"][data-kind="penalty_notice"] a').click();
    await page.getByTestId('notice').waitFor();
    await expect(page.getByTestId('notice').innerText()).resolves.toContain('DA001 排放口二氧化硫');
    await expect(page.getByTestId('notice').innerText()).resolves.toContain(zh.sanction.fine);
    await shot(page, '10-penalty-notice');
    await page.getByTestId('statement-text').fill('超标系脱硫塔循环泵故障所致，已于当日修复，并附维修记录。');
    await page.getByTestId('file-statement').click();
    await page.getByTestId('statements').waitFor();
    await expect(page.getByTestId('statements').innerText()).resolves.toContain('脱硫塔循环泵故障');
    await page.getByTestId('request-hearing').click();
    await page.getByTestId('hearing-requested').waitFor();
    await shot(page, '11-statement-filed');
    const p = (await portal.get(firm, `/api/v1/supervision/penalties/${penaltyId}`).expect(200)).body;
    expect(p.statements).toEqual([expect.objectContaining({ by: firm.id, text: '超标系脱硫塔循环泵故障所致，已于当日修复，并附维修记录。' })]);
    expect(p.hearingRequested).toBe(true);
    // a second hearing request is the API's 409, shown by its code's words
    await page.reload();
    await page.getByTestId('notice').waitFor();
    expect(await page.getByTestId('request-hearing').count()).toBe(0);
  });

  it('walks every enterprise screen at 390 and 1440 px: no serious or critical axe violation, no sideways scroll, no script error; withdraws a case', async () => {
    const firm = anApplicant({ name: '草原乳业股份有限公司' });
    const inReview = await fileApplication(firm, '乳制品加工废水处理站');
    await portal.complete(clerk, (await portal.taskFor(clerk, inReview, 'acceptance')).id, 'accept').expect(200);
    const correction = await fileApplication(firm, '冷库扩建项目');
    const asked = (await portal.subItem(firm, 'discharge_permit')).materials[0].code;
    await portal
      .complete(clerk, (await portal.taskFor(clerk, correction, 'acceptance')).id, 'request_correction', { corrections: [asked], comment: '盖章页缺失' })
      .expect(200);
    const refused = await fileApplication(firm, '露天堆场项目');
    await portal.complete(clerk, (await portal.taskFor(clerk, refused, 'acceptance')).id, 'not_accept', { comment: '项目不属于本机关管辖范围' }).expect(200);
    const approved = await fileApplication(firm, '锅炉超低排放改造');
    await portal.complete(clerk, (await portal.taskFor(clerk, approved, 'acceptance')).id, 'accept').expect(200);
    await portal.approveDischargePermit(approved);
    await portal.status(firm, approved, 'approved');
    await portal.status(firm, refused, 'not_accepted');
    await portal.status(firm, correction, 'correction_requested');
    const penaltyId = await penaltyNotified(firm, 20_000);
    await eventually(async () => (await portal.get(firm, '/api/v1/permits').expect(200)).body.items.length > 0, 10_000, 'the permit');

    const screens: [hash: string, testid: string, name: string][] = [
      ['#/applications', 'application', 'applications'],
      ['#/new', 'sub-item', 'new'],
      [`#/application/${inReview}`, 'clock', 'in-review'],
      [`#/application/${correction}`, 'correction', 'correction'],
      [`#/application/${refused}`, 'reasons', 'refused'],
      [`#/application/${approved}`, 'rating', 'approved'],
      ['#/notifications', 'notification', 'notifications'],
      ['#/permits', 'permit', 'permits'],
      ['#/penalties', 'penalty', 'penalties'],
      [`#/penalty/${penaltyId}`, 'notice', 'penalty'],
    ];
    const found: string[] = [];
    for (const [width, lang] of [
      [1440, 'zh-CN'],
      [390, 'zh-CN'],
      [390, 'en'],
    ] as const) {
      const page = await windowOf(firm, width, lang);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const [hash, testid, name] of screens) {
        await open(page, hash, testid);
        if (name === 'new') await page.getByTestId('sub-item').selectOption((await portal.subItem(firm, 'discharge_permit')).code);
        for (const v of await axe(page)) found.push(`${lang} ${width}px ${name}: ${v.id} (${v.impact}) ${v.targets.join(', ')}`);
        const wide = await page.evaluate(() => {
          const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
          return d.scrollWidth - d.clientWidth;
        });
        if (wide > 1) found.push(`${lang} ${width}px ${name}: ${wide}px wider than the window`);
        if (name === 'refused') await expect(page.getByTestId('reasons').first().innerText()).resolves.toContain('项目不属于本机关管辖范围');
        if (width === 390 && lang === 'zh-CN') await shot(page, `walk-${name}`);
      }
      expect(errors).toEqual([]);
    }
    expect(found).toEqual([]);

    // withdraw, from the case, before a decision
    const page = await windowOf(firm, 390);
    await open(page, `#/application/${inReview}`, 'withdraw');
    await page.getByTestId('withdraw').click();
    await page.getByTestId('withdraw-reason').fill('项目暂缓建设');
    await page.getByTestId('withdraw-confirm').click();
    await page.locator('[data-testid="application-view"][data-status="withdrawn"]').waitFor();
    expect(await page.getByTestId('withdraw').count()).toBe(0);
    await portal.status(firm, inReview, 'withdrawn');
  });
});
