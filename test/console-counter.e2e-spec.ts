import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aPdf } from '../apps/intake/src/files/testing/samples';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anApplicant } from './support/users';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

type Staff = ReturnType<typeof aStaff>;

/**
 * The staff console's window side in a real browser: 柜台代办 (a window clerk files for an enterprise, uploading its
 * materials as the enterprise's), then on the case the enterprise's rating and the permit's certificate and public
 * verification address. The steps between (acceptance, review, decision, the rating) go over the API.
 */
describe('the staff console: counter filing, rating and certificate on the case', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clerk = aStaff('window');
  const firm = anApplicant({ name: '柜台代办测试有限公司' });

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'console-counter', clock: 'manual', clockStart: '2026-11-02T02:00:00.000Z', env: { RATE_LIMIT_PER_MINUTE: '0' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    portal = new Portal(sys);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await sys?.stop();
  });

  async function windowOf(who: Staff, width = 1440): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width < 768 ? 844 : 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    await context.addInitScript((token) => {
      const g = globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void }; localStorage: { setItem(k: string, v: string): void } };
      g.sessionStorage.setItem('console.token', token);
      g.localStorage.setItem('console.lang', 'zh-CN');
    }, who.auth.slice('Bearer '.length));
    return context.newPage();
  }

  async function open(page: Page, hash: string, testid: string) {
    await page.goto(`${sys.url}/console/${hash}`);
    await page.getByTestId(testid).first().waitFor({ timeout: 15_000 });
    // the inbox keeps its task stream open: network idle is a settling wait, not a condition
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  }

  /** axe-core's serious and critical violations of the page as it is, and that nothing scrolls sideways. */
  async function serious(page: Page) {
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement.scrollWidth <=
          (globalThis as unknown as { document: { documentElement: { clientWidth: number } } }).document.documentElement.clientWidth + 1,
      ),
    ).toBe(true);
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

  let caseId = '';

  it('lets a window clerk file for an enterprise at the counter, refusing a wrong credit code by its code', async () => {
    const sub = await portal.subItem(clerk, 'discharge_permit');
    const page = await windowOf(clerk);
    await open(page, '#/inbox', 'nav-counter');
    await page.getByTestId('nav-counter').click();
    await page.getByTestId('counter').waitFor();

    // a credit code whose check character is wrong: the upload for it is refused with the API's code
    const last = firm.creditCode.slice(-1);
    const wrong = firm.creditCode.slice(0, -1) + CREDIT_CODE_CHARS[(CREDIT_CODE_CHARS.indexOf(last) + 1) % CREDIT_CODE_CHARS.length];
    await page.getByTestId('counter-credit-code').fill(wrong);
    await page.getByTestId('counter-firm').fill(firm.name);
    await page.getByTestId('counter-sub-item').selectOption(sub.code);
    await page.getByTestId('counter-project').fill('柜台代办锅炉改造项目');
    await page.getByTestId('counter-location').fill('呼和浩特市');
    const first = sub.materials[0].code;
    await page.getByTestId(`counter-file-${first}`).setInputFiles({ name: 'first.pdf', mimeType: 'application/pdf', buffer: aPdf('first') });
    const refused = page.locator(`[data-testid="counter-material"][data-code="${first}"] [data-testid="api-error"]`);
    await refused.waitFor();
    await expect(refused.getAttribute('data-status')).resolves.toBe('400');
    expect(await refused.getAttribute('data-code')).toMatch(/^[A-Z_]+$/);
    await expect(page.getByTestId('counter-submit').isDisabled()).resolves.toBe(true);

    // the right code: every material uploaded as the enterprise's, then filed
    await page.getByTestId('counter-credit-code').fill(firm.creditCode);
    for (const m of sub.materials) {
      await page.getByTestId(`counter-file-${m.code}`).setInputFiles({ name: `${m.code}.pdf`, mimeType: 'application/pdf', buffer: aPdf(m.code) });
      await page.getByTestId(`counter-uploaded-${m.code}`).waitFor();
    }
    expect(await serious(page)).toEqual([]);
    await page.getByTestId('counter-submit').click();
    await page.waitForURL(/#\/case\//);
    caseId = decodeURIComponent(page.url().split('#/case/')[1]);
    await page.locator('[data-testid="case-channel"][data-channel="counter"]').waitFor();

    // the enterprise sees it as its own, filed at the counter, with the materials the clerk uploaded
    const seen = (await portal.get(firm, `/api/v1/applications/${caseId}`).expect(200)).body as {
      channel: string;
      applicant: { creditCode: string; name: string };
      materials: { sha256: string }[];
    };
    expect(seen.channel).toBe('counter');
    expect(seen.applicant).toEqual({ creditCode: firm.creditCode, name: firm.name });
    expect(seen.materials.map((m) => m.sha256).sort()).toEqual(sub.materials.map((m) => createHash('sha256').update(aPdf(m.code)).digest('hex')).sort());
  });

  it('shows the counter screen only to the window, and passes axe at a phone width', async () => {
    const other = await windowOf(aStaff('approval'));
    await open(other, '#/inbox', 'nav-search');
    await expect(other.getByTestId('nav-counter').count()).resolves.toBe(0);

    const phone = await windowOf(clerk, 390);
    await open(phone, '#/counter', 'counter');
    await phone.getByTestId('counter-sub-item').selectOption((await portal.subItem(clerk, 'discharge_permit')).code);
    await phone.getByTestId('counter-checklist').waitFor();
    expect(await serious(phone)).toEqual([]);
  });

  it("shows the enterprise's rating and the permit's certificate and public check on the approved case", async () => {
    expect(caseId).not.toBe('');
    const accepting = aStaff('window');
    await portal.complete(accepting, (await portal.taskFor(accepting, caseId, 'acceptance')).id, 'accept').expect(200);
    await portal.approveDischargePermit(caseId);
    await portal.status(firm, caseId, 'approved');
    const permit = await eventually(
      async () =>
        ((await portal.get(firm, '/api/v1/permits').expect(200)).body.items as { permitNo: string; applicationId: string }[]).find(
          (p) => p.applicationId === caseId,
        ),
      15_000,
      'the permit',
    );
    await portal.post(firm, `/api/v1/applications/${caseId}/rating`, { score: 2, comment: '材料退回两次' }).expect(201);

    for (const width of [1440, 390]) {
      const page = await windowOf(aStaff('approval', ['head']), width);
      await open(page, `#/case/${encodeURIComponent(caseId)}`, 'case-permit');
      const rating = page.getByTestId('case-rating');
      await expect(rating.getAttribute('data-score')).resolves.toBe('2');
      await expect(page.getByTestId('case-rating-comment').textContent()).resolves.toBe('材料退回两次');
      await page.getByTestId('case-rating-follow-up').waitFor();
      expect(await serious(page)).toEqual([]);
      const card = page.locator(`[data-testid="case-permit"][data-permit="${permit.permitNo}"]`);
      const verify = await card.getByTestId('case-verify-link').getAttribute('href');
      expect(verify).toBe(`${sys.url}/api/v1/public/permits/${permit.permitNo}`);
      const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('case-certificate').click()]);
      expect(download.suggestedFilename()).toBe(`${permit.permitNo}.pdf`);
      const pdf = readFileSync(await download.path());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // the public check (no token) knows this certificate as issued and current
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const check = await sys.http().get(`/api/v1/public/permits/${permit.permitNo}?sha256=${sha256}`).expect(200);
      expect(check.body.permitNo).toBe(permit.permitNo);
      expect(check.body.certificate).toMatchObject({ issued: true });
    }
  });
});
