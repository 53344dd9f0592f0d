import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { aPdf, anOfd, aZip, A_PNG } from '../apps/intake/src/files/testing/samples';
import { REDIS_URL } from './support/env';
import { Portal } from './support/portal';
import { eventually, RunningSystem } from './support/system';
import { aStaff, anAdmin, anApplicant, anAuditor } from './support/users';

jest.setTimeout(300_000); // the system boots in this time too, on a loaded machine

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const START = '2026-03-02T01:00:00Z'; // a Monday, 09:00 in Shanghai; the manual clock keeps every case in March 2026

interface Mail {
  to: string[];
  raw: string;
}

describe("an applicant's journey as a portal drives it: materials, corrections, decision, notifications, report", () => {
  let sys: RunningSystem;
  let portal: Portal;
  let smtp: SMTPServer;
  let smsGateway: Server;
  let filesDir: string;
  const mails: Mail[] = [];
  const smsCalls: { auth: string | undefined; body: string }[] = [];

  const applicant = anApplicant();
  const admin = anAdmin();
  const window = aStaff('window');
  const pollution = aStaff('pollution');
  const approval = aStaff('approval', ['head']); // decisions are a head's
  const contactEmail = `ehs-${randomBytes(3).toString('hex')}@enterprise.test`;

  // the cases the report must count
  let approvedId = '';
  let approvedSla: { elapsedDays: number; daysSaved: number; remainingDays: number; committedLimit: { days: number } };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    // an SMS gateway that is down: its deliveries become dead letters
    smsGateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        smsCalls.push({ auth: req.headers.authorization, body });
        res.statusCode = 503;
        res.end('gateway down');
      });
    });
    await new Promise<void>((resolve) => smsGateway.listen(0, '127.0.0.1', resolve));
    const smsPort = (smsGateway.address() as AddressInfo).port;
    filesDir = mkdtempSync(join(tmpdir(), 'journey-files-'));
    sys = await RunningSystem.start({
      label: 'journey',
      clock: 'manual',
      clockStart: START,
      env: {
        FILES_DIR: filesDir,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Ecology Bureau <permits@bureau.test>',
        SMS_GATEWAY_URL: `http://127.0.0.1:${smsPort}/send`,
        SMS_API_KEY: 'sms-test-key',
        NOTIFY_DELIVERY_ATTEMPTS: '2',
      },
    });
    portal = new Portal(sys);
  });

  afterAll(async () => {
    await sys?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (smsGateway ? smsGateway.close(() => resolve()) : resolve()));
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  const myApplications = async () =>
    (await portal.get(applicant, '/api/v1/applications?limit=1000').expect(200)).body.items as { id: string; status: string }[];

  describe('materials', () => {
    it('stores a PDF by content (201), answers the same bytes under another name with 200 and the same hash', async () => {
      const pdf = aPdf('journey: first upload');
      const first = await portal.upload(applicant, pdf, 'application-form.pdf').expect(201);
      expect(first.body).toEqual({ sha256: sha(pdf), size: pdf.length, mediaType: 'application/pdf' });
      const again = await portal.upload(applicant, pdf, 'renamed.bin', 'application/octet-stream').expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('recognises OFD and images by their content, not their names', async () => {
      const ofd = await portal.upload(applicant, anOfd('journey'), 'scan.pdf').expect(201);
      expect(ofd.body.mediaType).toBe('application/ofd');
      const png = await portal.upload(applicant, A_PNG, 'photo.pdf', 'application/pdf').expect(201);
      expect(png.body.mediaType).toBe('image/png');
    });

    it('refuses a .pdf that is really text and a ZIP that is no OFD (415), records neither', async () => {
      const text = Buffer.from(`Just text, named like a PDF ${randomBytes(4).toString('hex')}\n`);
      const res = await portal.upload(applicant, text, 'report.pdf', 'application/pdf').expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect(res.body.message).toMatch(/not a PDF, OFD or image/);
      const zip = aZip({ 'word/document.xml': `<w:document>${randomBytes(4).toString('hex')}</w:document>` });
      await portal.upload(applicant, zip, 'report.ofd').expect(415);
      // neither was recorded: an application referring to either is refused
      const body = await portal.applicationFor(applicant, 'discharge_permit');
      const bad = { ...body, materials: [{ ...body.materials[0], sha256: sha(text) }, ...body.materials.slice(1)] };
      await portal.post(applicant, '/api/v1/applications', bad).expect(400);
    });

    it('answers 400 without a file field, 403 to staff and 401 without a token', async () => {
      const wrongField = await sys.http().post('/api/v1/files').set('Authorization', applicant.auth).attach('document', aPdf('x'), 'x.pdf').expect(400);
      expect(wrongField.body.statusCode).toBe(400);
      const noFile = await portal.post(applicant, '/api/v1/files', { sha256: 'a'.repeat(64) }).expect(400);
      expect(JSON.stringify(noFile.body.message)).toContain('file');
      await portal.upload(window, aPdf('staff'), 'x.pdf').expect(403);
      await sys.http().post('/api/v1/files').attach('file', aPdf('anon'), 'x.pdf').expect(401);
    });

    it('answers 413 to a file one byte over 50 MiB, at the front door and at the service, and keeps nothing of it', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
      big.write('%PDF-1.4\n', 0, 'latin1');
      big.write('%%EOF\n', big.length - 6, 'latin1');
      // (a client error such as EPIPE would show here as { error } instead of a status)
      const atGateway = await portal.upload(applicant, big, 'big.pdf').then(
        (res) => ({ status: res.status, body: res.body as unknown }),
        (err: { status?: number; code?: string; message?: string; response?: { status: number; body: unknown } }) =>
          err.response ? { status: err.response.status, body: err.response.body } : { error: `${err.code} ${err.message}` },
      );
      expect(atGateway).toMatchObject({ status: 413, body: { statusCode: 413 } });
      // the service enforces the limit itself too (a chunked upload carries no Content-Length to check)
      const atService = await request(`http://127.0.0.1:${sys.env.INTAKE_PORT}`)
        .post('/api/v1/files')
        .set('Authorization', applicant.auth)
        .attach('file', big, 'big.pdf')
        .expect(413);
      expect(atService.body).toMatchObject({ statusCode: 413 });
      expect(readdirSync(join(filesDir, '.tmp'))).toEqual([]);
    });
  });

  describe('applications and notifications', () => {
    it('lets an admin set where an enterprise gets e-mail and SMS, and refuses bad contacts', async () => {
      const put = await portal.sys
        .http()
        .put(`/api/v1/notifications/contacts/enterprise/${applicant.creditCode}`)
        .set('Authorization', admin.auth)
        .send({ email: contactEmail, phone: '13800138000' })
        .expect(200);
      expect(put.body).toMatchObject({ type: 'enterprise', id: applicant.creditCode, email: contactEmail, phone: '13800138000' });
      await portal.get(admin, `/api/v1/notifications/contacts/enterprise/${applicant.creditCode}`).expect(200);
      await portal.sys
        .http()
        .put('/api/v1/notifications/contacts/enterprise/not-a-credit-code')
        .set('Authorization', admin.auth)
        .send({ email: contactEmail })
        .expect(400);
      await portal.sys.http().put('/api/v1/notifications/contacts/dept/window').set('Authorization', admin.auth).send({ email: 'not an address' }).expect(400);
      await portal.sys.http().put('/api/v1/notifications/contacts/planet/mars').set('Authorization', admin.auth).send({ email: contactEmail }).expect(400);
      await portal.sys
        .http()
        .put(`/api/v1/notifications/contacts/enterprise/${applicant.creditCode}`)
        .set('Authorization', applicant.auth)
        .send({ email: 'me@x.test' })
        .expect(403);
    });

    it("keeps each enterprise's uploads its own: no probing, no attaching, no reading another's file", async () => {
      const other = anApplicant();
      const pdf = aPdf(`journey: the first enterprise's own document ${Date.now()}`);
      await portal.upload(applicant, pdf, 'mine.pdf').expect(201);
      // the same content from another enterprise is that enterprise's first upload: 201, as if new
      const theirs = aPdf(`journey: uploaded by both ${Date.now()}`);
      await portal.upload(other, theirs, 'theirs.pdf').expect(201);
      await portal.upload(applicant, theirs, 'also-mine.pdf').expect(201);

      // the first enterprise's file is not the other's to attach (400, as if never uploaded) nor to read (404)
      const body = await portal.applicationFor(other, 'discharge_permit');
      const res = await portal
        .post(other, '/api/v1/applications', { ...body, materials: [{ ...body.materials[0], sha256: sha(pdf) }, ...body.materials.slice(1)] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(sha(pdf));
      await portal.get(other, `/api/v1/files/${sha(pdf)}`).expect(404);
      await portal.get(other, `/api/v1/files/${sha(randomBytes(8))}`).expect(404);
      await portal.get(other, '/api/v1/files/not-a-hash').expect(400);

      // the uploader and staff read it, with its content type
      const mine = await portal
        .get(applicant, `/api/v1/files/${sha(pdf)}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(mine.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(mine.body as Buffer, pdf)).toBe(0);
      await portal.get(aStaff('window'), `/api/v1/files/${sha(pdf)}`).expect(200);
      // and what the other enterprise's own application refers to, it reads
      const filed = await portal.post(other, '/api/v1/applications', body).expect(201);
      await portal.get(other, `/api/v1/files/${body.materials[0].sha256}`).expect(200);
      await portal.get(applicant, `/api/v1/files/${body.materials[0].sha256}`).expect(404);
      await portal.post(other, `/api/v1/applications/${filed.body.id}/withdraw`, { reason: 'test over' });
    });

    it('refuses an application that refers to a file never uploaded (400 naming the material) and creates nothing', async () => {
      const body = await portal.applicationFor(applicant, 'discharge_permit');
      const unknown = sha(randomBytes(16));
      const res = await portal
        .post(applicant, '/api/v1/applications', { ...body, materials: [{ ...body.materials[0], sha256: unknown }, ...body.materials.slice(1)] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain(body.materials[0].code);
      expect(JSON.stringify(res.body.message)).toContain(unknown);
      expect(await myApplications()).toEqual([]);
    });

    it('runs a discharge permit through a correction to approval, telling the applicant in-app and by e-mail', async () => {
      const body = await portal.applicationFor(applicant, 'discharge_permit');
      const created = await portal.post(applicant, '/api/v1/applications', body).expect(201);
      const id = created.body.id as string;
      approvedId = id;

      // the window asks for one complete list of corrections
      const acceptance = await portal.taskFor(window, id, 'acceptance');
      const toCorrect = body.materials[body.materials.length - 1].code;
      // only materials of the sub-item: 400 naming the unknown code, and nothing changes
      const unknownCode = await portal
        .complete(window, acceptance.id, 'request_correction', { corrections: [toCorrect, 'M-NOT-A-MATERIAL'], comment: 'x' })
        .expect(400);
      expect(JSON.stringify(unknownCode.body.message)).toContain('M-NOT-A-MATERIAL');
      expect((await portal.taskFor(window, id, 'acceptance')).id).toBe(acceptance.id);
      await portal.complete(window, acceptance.id, 'request_correction', { corrections: [toCorrect], comment: 'the scan of page 3 is unreadable' }).expect(200);
      await portal.status(applicant, id, 'correction_requested');
      const note = await portal.notification(applicant, id, 'correction_requested');
      expect(note).toMatchObject({ kind: 'correction_requested', applicationId: id });

      // e-mailed to the enterprise's contact through the SMTP server
      const mail = await eventually(
        async () => mails.find((m) => m.to.includes(contactEmail) && m.raw.includes(id) && /Corrections requested/.test(m.raw)),
        15_000,
        'the correction e-mail',
      );
      expect(mail.raw).toContain('permits@bureau.test');
      expect(mail.raw).toContain(toCorrect);

      // the SMS gateway is down: two attempts (NOTIFY_DELIVERY_ATTEMPTS=2), then a dead letter
      const dead = await eventually(
        async () => {
          const res = await portal.get(admin, '/api/v1/notifications/dead-letters').expect(200);
          return (
            res.body.items as {
              queue: string;
              delivery?: { id: string; notificationId: string; channel: string; status: string; attempts: number; lastError: string };
            }[]
          ).find((d) => d.delivery?.notificationId === note.id);
        },
        20_000,
        'the SMS dead letter',
      );
      expect(dead).toMatchObject({ queue: 'notification-delivery', delivery: { channel: 'sms', status: 'failed', attempts: 2 } });
      expect(dead.delivery?.lastError).toContain('503');
      const calls = smsCalls.filter((c) => c.body.includes(dead.delivery?.id as string));
      expect(calls).toHaveLength(2);
      expect(JSON.parse(calls[0].body)).toMatchObject({ to: '13800138000', id: dead.delivery?.id });
      expect(smsCalls[0].auth).toBe('Bearer sms-test-key');
      await portal.get(applicant, '/api/v1/notifications/dead-letters').expect(403);
      const mine = await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200);
      const listed = (mine.body.items as { id: string; deliveries: { channel: string; status: string }[] }[]).find((n) => n.id === note.id);
      expect(listed?.deliveries).toEqual(
        expect.arrayContaining([expect.objectContaining({ channel: 'email', status: 'sent' }), expect.objectContaining({ channel: 'sms', status: 'failed' })]),
      );

      // the supplement must refer to uploaded files too
      const fresh = aPdf(`corrected ${toCorrect} ${randomBytes(4).toString('hex')}`);
      const unknownSupplement = await portal
        .post(applicant, `/api/v1/applications/${id}/supplements`, { materials: [{ code: toCorrect, fileName: 'corrected.pdf', sha256: sha(fresh) }] })
        .expect(400);
      expect(JSON.stringify(unknownSupplement.body.message)).toContain(toCorrect);
      const uploaded = await portal.upload(applicant, fresh, 'corrected.pdf').expect(201);
      await portal
        .post(applicant, `/api/v1/applications/${id}/supplements`, {
          materials: [{ code: toCorrect, fileName: 'corrected.pdf', sha256: uploaded.body.sha256 }],
        })
        .expect(200);
      const back = await portal.status(applicant, id, 'submitted');
      expect(back.materials).toEqual(expect.arrayContaining([{ code: toCorrect, fileName: 'corrected.pdf', sha256: uploaded.body.sha256 }]));

      // acceptance again, then review, countersign and the decision, three days later
      const again = await portal.taskFor(window, id, 'acceptance');
      expect(again.id).not.toBe(acceptance.id);
      // corrections are asked once, as one complete list: a second request is 409
      const second = await portal.complete(window, again.id, 'request_correction', { corrections: [toCorrect], comment: 'still unreadable' }).expect(409);
      expect(second.body.message).toMatch(/already requested once/);
      await portal.complete(window, again.id, 'accept').expect(200);
      await portal.status(applicant, id, 'in_review');
      await portal.post(admin, '/api/v1/_test/clock', { now: '2026-03-05T02:00:00Z' }).expect(200);
      await portal.approveDischargePermit(id);
      const decided = await portal.status(applicant, id, 'approved');
      expect(decided.sla.clock).toBe('stopped');
      approvedSla = decided.sla;
      expect(approvedSla.elapsedDays).toBeGreaterThan(0);
      await portal.notification(applicant, id, 'decision');
      await eventually(
        async () => mails.find((m) => m.to.includes(contactEmail) && m.raw.includes(id) && /Decision on your application/.test(m.raw)),
        15_000,
        'the decision e-mail',
      );

      // decided: too late to withdraw
      const late = await portal.post(applicant, `/api/v1/applications/${id}/withdraw`, { reason: 'changed our mind' }).expect(409);
      expect(late.body.statusCode).toBe(409);
      await eventually(async () => (await myApplications()).find((a) => a.id === id && a.status === 'approved'), 10_000, 'the approval in the list');
    });

    it('withdraws another application before the decision', async () => {
      const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'discharge_permit')).expect(201);
      const acceptance = await portal.taskFor(window, body.id, 'acceptance');
      await portal.complete(window, acceptance.id, 'accept').expect(200);
      await portal.taskFor(pollution, body.id, 'review');
      await portal.post(applicant, `/api/v1/applications/${body.id}/withdraw`, { reason: 'the project is postponed' }).expect(200);
      await portal.status(applicant, body.id, 'withdrawn');
      await eventually(async () => (await myApplications()).find((a) => a.id === body.id && a.status === 'withdrawn'), 10_000, 'the withdrawal in the list');
    });

    it('records an application the window does not accept', async () => {
      const { body } = await portal.post(applicant, '/api/v1/applications', await portal.applicationFor(applicant, 'hazardous_waste')).expect(201);
      const acceptance = await portal.taskFor(window, body.id, 'acceptance');
      // a refusal carries written reasons: none, or only blanks, is 400 and changes nothing
      for (const extra of [{}, { comment: '   ' }])
        expect((await portal.complete(window, acceptance.id, 'not_accept', extra).expect(400)).body.message).toMatch(/reasons/);
      expect((await portal.get(applicant, `/api/v1/applications/${body.id}`).expect(200)).body.status).toBe('submitted');
      await portal.complete(window, acceptance.id, 'not_accept', { comment: 'not within this bureau' }).expect(200);
      await portal.status(applicant, body.id, 'not_accepted');
    });

    it('stores no second notification and sends no second e-mail when a notification job is delivered again', async () => {
      const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue('notification', { connection, prefix: sys.env.REDIS_PREFIX });
      try {
        const done = await queue.getCompleted(0, 5000);
        const job = done.find((j) => j.data.kind === 'correction_requested' && j.data.applicationId === approvedId);
        expect(job).toBeDefined();
        const count = async () =>
          ((await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200)).body.items as { kind: string; applicationId: string }[]).filter(
            (n) => n.kind === 'correction_requested' && n.applicationId === approvedId,
          ).length;
        const mailsBefore = mails.filter((m) => m.to.includes(contactEmail) && /Corrections requested/.test(m.raw)).length;
        expect(await count()).toBe(1);
        expect(mailsBefore).toBe(1);
        // the same message id again, as BullMQ would redeliver it
        await job!.remove();
        await queue.add(job!.name, job!.data, { jobId: job!.id });
        await eventually(async () => (await queue.getJobState(job!.id as string)) === 'completed', 10_000, 'the redelivered job');
        expect(await count()).toBe(1);
        expect(mails.filter((m) => m.to.includes(contactEmail) && /Corrections requested/.test(m.raw))).toHaveLength(1);
      } finally {
        await queue.close();
        connection.disconnect();
      }
    });

    it('counts deliveries sent and failed by channel, and dead letters, in /metrics', async () => {
      const text = (await sys.http().get('/metrics').expect(200)).text;
      const value = (name: string, ...labels: string[]) => {
        const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)));
        return line ? Number(line.split(' ').pop()) : undefined;
      };
      expect(value('notification_deliveries', 'channel="email"', 'status="sent"')).toBeGreaterThanOrEqual(2);
      expect(value('notification_deliveries', 'channel="sms"', 'status="failed"')).toBeGreaterThanOrEqual(1);
      expect(value('notification_dead_letters', 'queue="notification-delivery"')).toBeGreaterThanOrEqual(1);
      expect(value('notifications_stored', 'kind="correction_requested"')).toBe(1);
    });

    it('marks every notification of the caller read at once', async () => {
      const res = await portal.post(applicant, '/api/v1/notifications/read-all').expect(200);
      expect(res.body.updated).toBeGreaterThanOrEqual(2);
      const list = await portal.get(applicant, '/api/v1/notifications?limit=1000').expect(200);
      expect((list.body.items as { readAt: string | null }[]).every((n) => n.readAt !== null)).toBe(true);
      expect((await portal.post(applicant, '/api/v1/notifications/read-all').expect(200)).body.updated).toBe(0);
    });
  });

  describe('the business-environment report', () => {
    const path = (from: string, to: string) => `/api/v1/reports/business-environment?from=${from}&to=${to}`;

    it('gives the figures of the catalog and of exactly the cases decided in March 2026', async () => {
      const catalog = (await portal.get(approval, '/api/v1/catalog/items').expect(200)).body as {
        subItems: { fullyOnline: boolean; statutoryLimit: { days: number; unit: string }; committedLimit: { days: number; unit: string } }[];
      }[];
      const subs = catalog.flatMap((i) => i.subItems);
      const compressions = subs
        .filter((s) => s.statutoryLimit.days > 0 && s.statutoryLimit.unit === s.committedLimit.unit)
        .map((s) => 1 - s.committedLimit.days / s.statutoryLimit.days);

      const res = await portal.get(approval, path('2026-03-01', '2026-03-31')).expect(200);
      const r = res.body;
      expect(r).toMatchObject({
        from: '2026-03-01',
        to: '2026-03-31',
        serviceItems: catalog.length,
        subItems: subs.length,
        fullyOnlineSubItems: subs.filter((s) => s.fullyOnline).length,
      });
      expect(r.fullyOnlineShare).toBeCloseTo(subs.filter((s) => s.fullyOnline).length / subs.length, 4);
      expect(r.averageCompression).toBeCloseTo(compressions.reduce((a, b) => a + b, 0) / compressions.length, 4);
      // single-window acceptance: every application received came in through the one window (the portal
      // here), the one the window did not accept included: 100%, not accepted / decided
      expect(r.singleWindowAcceptanceRate).toBe(1);
      expect(r.singleWindowReceipt.received).toBeGreaterThanOrEqual(3);
      expect(r.singleWindowReceipt).toEqual({
        received: r.singleWindowReceipt.received,
        throughTheWindow: r.singleWindowReceipt.received,
        byChannel: { portal: r.singleWindowReceipt.received, counter: 0, national: 0 },
        handledOutside: 0,
      });
      // kept under its own name: accepted (the approved one and the withdrawn one) / decided (and the hazardous-waste refusal)
      expect(r.acceptanceDecisions).toEqual({ accepted: 2, notAccepted: 1, decided: 3 });
      expect(r.acceptedShareOfAcceptanceDecisions).toBeCloseTo(2 / 3, 4);
      const discharge = r.byLicenseType.find((x: { licenseType: string }) => x.licenseType === 'discharge_permit');
      // the withdrawn case is no decision
      expect(discharge).toEqual({
        licenseType: 'discharge_permit',
        decided: 1,
        approved: 1,
        denied: 0,
        averageDaysUsed: approvedSla.elapsedDays,
        averageDaysSaved: approvedSla.daysSaved,
        withinCommittedShare: approvedSla.remainingDays >= 0 ? 1 : 0,
        averageShareOfCommittedLimitUsed: expect.closeTo(approvedSla.elapsedDays / approvedSla.committedLimit.days, 4),
        furtherUnderCommitted: expect.closeTo(1 - approvedSla.elapsedDays / approvedSla.committedLimit.days, 4),
        // the one decided case counts in its own unit's averages (the discharge permit's limit is in calendar days)
        byUnit: {
          calendar: { decided: 1, averageDaysUsed: approvedSla.elapsedDays, averageDaysSaved: approvedSla.daysSaved },
          working: { decided: 0, averageDaysUsed: null, averageDaysSaved: null },
        },
      });
      for (const other of r.byLicenseType.filter((x: { licenseType: string }) => x.licenseType !== 'discharge_permit'))
        expect(other).toMatchObject({ decided: 0, averageDaysUsed: null });
      await portal.get(anAuditor(), path('2026-03-01', '2026-03-31')).expect(200);

      // the same figures as CSV
      const csv = await portal.get(approval, `${path('2026-03-01', '2026-03-31')}&format=csv`).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('scope,licenseType,figure,value');
      expect(lines).toEqual(
        expect.arrayContaining([
          'overall,,singleWindowAcceptanceRate,1',
          `overall,,received,${r.singleWindowReceipt.received}`,
          'licence,discharge_permit,decided,1',
          `licence,discharge_permit,averageDaysSaved,${approvedSla.daysSaved}`,
        ]),
      );
      await portal.get(approval, `${path('2026-03-01', '2026-03-31')}&format=xml`).expect(400);
    });

    it('counts nothing outside the range', async () => {
      const r = (await portal.get(approval, path('2026-02-01', '2026-02-28')).expect(200)).body;
      expect(r.acceptanceDecisions).toEqual({ accepted: 0, notAccepted: 0, decided: 0 });
      expect(r.singleWindowAcceptanceRate).toBeNull(); // nothing received
      expect(r.acceptedShareOfAcceptanceDecisions).toBeNull();
      expect(r.byLicenseType.every((x: { decided: number }) => x.decided === 0)).toBe(true);
      const discharge = (r: { byLicenseType: { licenseType: string; decided: number }[] }) =>
        r.byLicenseType.find((x) => x.licenseType === 'discharge_permit')?.decided;
      // 2 March: the first acceptance; 5 March (the clock moved): the approval, the second acceptance, the refusal
      const firstDay = (await portal.get(approval, path('2026-03-02', '2026-03-02')).expect(200)).body;
      expect(firstDay.acceptanceDecisions).toEqual({ accepted: 1, notAccepted: 0, decided: 1 });
      expect(discharge(firstDay)).toBe(0);
      const decisionDay = (await portal.get(approval, path('2026-03-05', '2026-03-05')).expect(200)).body;
      expect(decisionDay.acceptanceDecisions).toEqual({ accepted: 1, notAccepted: 1, decided: 2 });
      expect(discharge(decisionDay)).toBe(1);
    });

    it.each([
      ['an impossible date', '/api/v1/reports/business-environment?from=2026-02-30&to=2026-03-31', 'from'],
      ['from after to', '/api/v1/reports/business-environment?from=2026-04-01&to=2026-03-01', 'after'],
      ['a missing to', '/api/v1/reports/business-environment?from=2026-03-01', 'to'],
      ['not a date', '/api/v1/reports/business-environment?from=yesterday&to=2026-03-01', 'from'],
      ['an unknown parameter', '/api/v1/reports/business-environment?from=2026-03-01&to=2026-03-31&x=1', 'x'],
    ])('answers 400 to %s', async (_, url, field) => {
      const res = await portal.get(approval, url).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('is not for applicants', async () => {
      await portal.get(applicant, path('2026-03-01', '2026-03-31')).expect(403);
    });
  });

  describe('public decisions (no token)', () => {
    it('publishes the decided licences of a range: the permit number, never materials, comments or staff', async () => {
      const res = await sys.http().get('/api/v1/public/decisions?from=2026-03-01&to=2026-03-31').expect(200);
      const mine = await portal.get(applicant, `/api/v1/applications/${approvedId}`).expect(200);
      expect(res.body.items).toEqual([
        {
          applicationId: approvedId,
          licenseType: 'discharge_permit',
          subItemCode: mine.body.subItemCode,
          projectName: mine.body.project.name,
          applicant: { name: mine.body.applicant.name, creditCode: applicant.creditCode },
          outcome: 'approved',
          decidedOn: '2026-03-05',
          decisionNo: expect.stringMatching(/^PW-2026-\d{6}$/),
        },
      ]); // the withdrawn and the not-accepted applications were never decided
      expect(JSON.stringify(res.body)).not.toMatch(/materials|sha256|comment|staff-|unreadable/);
      expect((await sys.http().get('/api/v1/public/decisions?from=2026-02-01&to=2026-02-28').expect(200)).body.items).toEqual([]);
      await sys.http().get('/api/v1/public/decisions?from=2026-03-31&to=2026-03-01').expect(400);
      await sys.http().get('/api/v1/public/decisions?from=2026-03-01').expect(400);
    });
  });
});
