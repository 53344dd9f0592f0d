import { createHash, createPublicKey, verify } from 'node:crypto';
import { Client } from 'pg';
import type { Response, Test } from 'supertest';
import { qrCodeOf, readPdf } from './support/pdf-reader';
import { Portal } from './support/portal';
import { RunningSystem } from './support/system';
import { aStaff, anApplicant, anAuditor } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

type Applicant = ReturnType<typeof anApplicant>;

const PUBLIC_BASE_URL = 'https://permits.example.gov.cn';

/** A PDF body as bytes (supertest parses only text and JSON by itself); an error answer stays JSON. */
const binary = (res: Response, done: (err: Error | null, body: Buffer | unknown) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const json = /json/.test(String(res.headers['content-type']));
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, json ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : Buffer.concat(chunks)));
};

const textOf = async (pdf: Buffer): Promise<string> => (await readPdf(pdf)).text;
const qrOf = qrCodeOf;

/** Electronic certificates (电子证照): the holder's signed PDF, and the public address anyone checks it at. */
describe('electronic certificates', () => {
  let sys: RunningSystem;
  let portal: Portal;
  let pg: Client;
  const window = aStaff('window');

  beforeAll(async () => {
    sys = await RunningSystem.start({ label: 'certificates', env: { PUBLIC_BASE_URL } });
    portal = new Portal(sys);
    pg = new Client({ connectionString: sys.dbUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await sys?.stop();
  });

  /** A discharge-permit case of `kind`, taken through acceptance, review, countersign and decision. */
  async function decided(applicant: Applicant, kind: string, project: Record<string, unknown> = {}) {
    const created = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit', project, kind)).expect(201);
    const id = created.body.id as string;
    const acc = await portal.taskFor(window, id, 'acceptance');
    await portal.complete(window, acc.id, 'accept').expect(200);
    await portal.approveDischargePermit(id);
    await portal.status(applicant, id, 'approved');
  }

  async function permitOf(applicant: Applicant, prefix = 'PW-') {
    const list = await portal.get(applicant, '/api/v1/permits').expect(200);
    const found = (list.body.items as { permitNo: string; validFrom: string; validTo: string | null; holderName: string; creditCode: string }[]).find((p) =>
      p.permitNo.startsWith(prefix),
    );
    if (!found) throw new Error(`no ${prefix} permit for ${applicant.creditCode}`);
    return found;
  }

  const download = (user: { auth?: string }, permitNo: string): Test => {
    const req = sys.http().get(`/api/v1/permits/${permitNo}/certificate`).buffer(true).parse(binary);
    return user.auth ? req.set('Authorization', user.auth) : req;
  };
  const publicPage = (permitNo: string, query = '') => sys.http().get(`/api/v1/public/permits/${permitNo}${query}`);
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const zh = (iso: string) => `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;

  let holder: Applicant;
  let permit: Awaited<ReturnType<typeof permitOf>>;
  let first: Buffer;

  it('serves the holder a PDF with the permit in Chinese, a QR code of its public address, its SHA-256 in Digest and a signature the published key verifies', async () => {
    holder = anApplicant({ name: '呼和浩特示例化工有限公司' });
    await decided(holder, 'new', { location: '呼和浩特市赛罕区示例路1号' });
    permit = await permitOf(holder);

    const res = await download(holder, permit.permitNo).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${permit.permitNo}.pdf"`);
    first = res.body as Buffer;
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');

    // the digest, recomputed
    expect(res.headers.digest).toBe(`sha-256=${createHash('sha256').update(first).digest('base64')}`);

    // the signature, with the key from its public address (no token), as PEM and as JWK
    const key = await sys.http().get('/api/v1/public/certificate-key').expect(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: res.headers['x-certificate-key-id'], jwk: { kty: 'OKP', crv: 'Ed25519' } });
    const signature = Buffer.from(res.headers['x-certificate-signature'] as string, 'base64');
    expect(verify(null, first, createPublicKey(key.body.publicKeyPem as string), signature)).toBe(true);
    expect(verify(null, first, createPublicKey({ key: key.body.jwk, format: 'jwk' }), signature)).toBe(true);
    const tampered = Buffer.from(first);
    tampered[tampered.length - 10] ^= 1;
    expect(verify(null, tampered, createPublicKey(key.body.publicKeyPem as string), signature)).toBe(false);

    // the text, extracted back: Chinese labels and the permit's facts
    const text = await textOf(first);
    for (const expected of [
      '排污许可证',
      '持证单位',
      '呼和浩特示例化工有限公司',
      '统一社会信用代码',
      holder.creditCode,
      permit.permitNo,
      '呼和浩特市赛罕区示例路1号',
      `自${zh(permit.validFrom)}至${zh(permit.validTo as string)}`,
      '发证机关',
    ])
      expect({ expected, found: text.replace(/\s+/g, '').includes(expected.replace(/\s+/g, '')) }).toEqual({ expected, found: true });

    // the QR code: the public verification address
    const url = `${PUBLIC_BASE_URL}/api/v1/public/permits/${permit.permitNo}`;
    expect(await qrOf(first)).toBe(url);

    // what anyone finds there: the permit's standing and this very PDF's SHA-256
    const page = await publicPage(permit.permitNo).expect(200);
    expect(page.body).toEqual({
      permitNo: permit.permitNo,
      licenseType: 'discharge_permit',
      holderName: '呼和浩特示例化工有限公司',
      creditCode: holder.creditCode,
      managementCategory: expect.any(String),
      status: 'valid',
      validFrom: permit.validFrom,
      validTo: permit.validTo,
      deemedRenewal: false,
      certificateSha256: sha256(first),
      verificationUrl: url,
    });
  });

  it('serves the same bytes again for the same register state, to the holder and to staff, and records the issue once', async () => {
    const again = await download(holder, permit.permitNo).expect(200);
    expect(Buffer.compare(again.body as Buffer, first)).toBe(0);
    const staff = await download(aStaff('pollution'), permit.permitNo).expect(200);
    expect(Buffer.compare(staff.body as Buffer, first)).toBe(0);
    await download(anAuditor(), permit.permitNo).expect(200);
    const { rows } = await pg.query(`SELECT sha256 FROM discharge_permit.certificates WHERE permit_no = $1`, [permit.permitNo]);
    expect(rows).toEqual([{ sha256: sha256(first) }]);
    const audit = await pg.query(`SELECT count(*)::int AS n FROM discharge_permit.audit_log WHERE case_id = $1 AND action = 'certificate_issued'`, [
      `permit:${permit.permitNo}`,
    ]);
    expect(audit.rows[0].n).toBe(1);
  });

  it("refuses another enterprise's token (404, as a missing permit), no token (401), and bad numbers (400)", async () => {
    const stranger = anApplicant();
    const other = await download(stranger, permit.permitNo).expect(404);
    expect(other.body).toMatchObject({ code: 'NOT_FOUND' });
    // an applicant token that claims the holder's name but not its credit code is still a stranger
    await download(anApplicant({ name: holder.name }), permit.permitNo).expect(404);
    await download({}, permit.permitNo).expect(401);
    await download(holder, 'PW-1999-000001').expect(404);
    await download(holder, 'pw-2026-1').expect(400);
    // another path to the same handler: a trailing slash, capitals are another number
    await download(stranger, `${permit.permitNo}/`).expect(404);
  });

  it('answers the public address without a token: 404 for an unknown number, 400 for a malformed one, and checks a SHA-256 a verifier holds', async () => {
    await publicPage('PW-1999-000001').expect(404);
    await publicPage('not-a-number').expect(400);
    await publicPage(`${permit.permitNo}`, '?sha256=xyz').expect(400);
    const held = await publicPage(permit.permitNo, `?sha256=${sha256(first).toUpperCase()}`).expect(200);
    expect(held.body.certificate).toMatchObject({ sha256: sha256(first), issued: true, current: true, issuedAt: expect.any(String) });
    const forged = await publicPage(permit.permitNo, `?sha256=${'0'.repeat(64)}`).expect(200);
    expect(forged.body.certificate).toMatchObject({ issued: false, current: false, issuedAt: null });
  });

  it('a change of the permit supersedes the certificate: a new one is served, the old one shows as issued but not current', async () => {
    await decided(holder, 'change', { permitNo: permit.permitNo, changes: { holderName: '呼和浩特新名称有限公司' } });
    const before = await publicPage(permit.permitNo).expect(200);
    expect(before.body).toMatchObject({ holderName: '呼和浩特新名称有限公司', certificateSha256: null });
    const res = await download(holder, permit.permitNo).expect(200);
    const changed = res.body as Buffer;
    expect(sha256(changed)).not.toBe(sha256(first));
    expect((await textOf(changed)).replace(/\s+/g, '')).toContain('呼和浩特新名称有限公司');
    const after = await publicPage(permit.permitNo, `?sha256=${sha256(first)}`).expect(200);
    expect(after.body).toMatchObject({ certificateSha256: sha256(changed), certificate: { issued: true, current: false } });
  });

  it('a revoked permit shows revoked at its public address and its certificate is no longer served; an expired one shows expired', async () => {
    const revokedHolder = anApplicant();
    await decided(revokedHolder, 'new');
    const revoked = await permitOf(revokedHolder);
    await download(revokedHolder, revoked.permitNo).expect(200);
    // no revocation command exists yet (supervision's penalties will bring one): the register row, as it would write it
    await pg.query(`UPDATE discharge_permit.permits SET status = 'revoked' WHERE permit_no = $1`, [revoked.permitNo]);
    const page = await publicPage(revoked.permitNo).expect(200);
    expect(page.body).toMatchObject({ permitNo: revoked.permitNo, status: 'revoked' });
    const refused = await download(revokedHolder, revoked.permitNo).expect(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION' });

    await pg.query(`UPDATE discharge_permit.permits SET status = 'expired' WHERE permit_no = $1`, [permit.permitNo]);
    expect((await publicPage(permit.permitNo).expect(200)).body).toMatchObject({ status: 'expired', validTo: permit.validTo });
  });

  it('serves a discharge registration (登记) its receipt the same way', async () => {
    const registrant = anApplicant();
    await portal
      .post(registrant, '/api/v1/applications', await portal.applicationFor(registrant, 'discharge_permit', { location: '示例工业园2号' }, 'filing'))
      .expect(201);
    const registration = await (async () => {
      for (let i = 0; i < 100; i++) {
        const list = await portal.get(registrant, '/api/v1/permits').expect(200);
        const found = (list.body.items as { permitNo: string }[]).find((p) => p.permitNo.startsWith('DJ-'));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the registration never reached the register');
    })();
    const res = await download(registrant, registration.permitNo).expect(200);
    const pdf = res.body as Buffer;
    const text = (await textOf(pdf)).replace(/\s+/g, '');
    expect(text).toContain('固定污染源排污登记回执');
    expect(text).toContain(registration.permitNo);
    expect(await qrOf(pdf)).toBe(`${PUBLIC_BASE_URL}/api/v1/public/permits/${registration.permitNo}`);
    const page = await publicPage(registration.permitNo).expect(200);
    expect(page.body).toMatchObject({ managementCategory: 'registration', status: 'valid', certificateSha256: sha256(pdf) });
  });
});
