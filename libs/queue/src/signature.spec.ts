import { createHmac } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { DEV_QUEUE_KEY } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { verifiedPayload } from './consumer';
import { canonicalJson, QueueSigner, SIGNATURE_FIELD } from './signature';

const KEY = 'unit-queue-key-0123456789abcdef0123456789';
const NAME = 'case.status-changed.v1';
const payload = { applicationId: 'app-1', correlationId: 'c-1', status: 'in_review', at: '2026-11-30T08:00:00.000Z' };

describe(QueueSigner.name, () => {
  const signer = new QueueSigner(KEY);

  it('signs the queue, name, id and canonical payload with HMAC-SHA256 (a fixed vector)', () => {
    const sealed = signer.seal(Queues.Intake, NAME, 'job-1', payload);
    const expected = createHmac('sha256', KEY)
      .update(canonicalJson(['permits.queue-job.v1', 'intake', NAME, 'job-1', payload]))
      .digest('hex');
    expect(sealed).toEqual({ ...payload, [SIGNATURE_FIELD]: `v1.${expected}` });
    expect(signer.open(Queues.Intake, NAME, 'job-1', sealed)).toEqual(payload);
  });

  it('signs what a consumer reads back from Redis: undefined fields dropped, dates as strings, keys in any order', () => {
    const sealed = signer.seal(Queues.Intake, NAME, 'job-2', { ...payload, elapsedDays: undefined, at: new Date(payload.at) });
    const readBack = JSON.parse(JSON.stringify(sealed)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(readBack).reverse());
    expect(signer.open(Queues.Intake, NAME, 'job-2', reordered)).toEqual(payload);
  });

  it('refuses a job without a signature, altered, under another id, name or queue, or signed with another key', () => {
    const sealed = signer.seal(Queues.Intake, NAME, 'job-3', payload);
    expect(signer.open(Queues.Intake, NAME, 'job-3', payload)).toBeUndefined();
    expect(signer.open(Queues.Intake, NAME, 'job-3', { ...sealed, status: 'approved' })).toBeUndefined();
    expect(signer.open(Queues.Intake, NAME, 'job-3', { ...sealed, decisionNo: 'FORGED-1' })).toBeUndefined();
    expect(signer.open(Queues.Intake, NAME, 'job-4', sealed)).toBeUndefined();
    expect(signer.open(Queues.Intake, 'notification.notify.v1', 'job-3', sealed)).toBeUndefined();
    expect(signer.open(Queues.DischargePermit, NAME, 'job-3', sealed)).toBeUndefined();
    expect(signer.open(Queues.Intake, NAME, undefined, sealed)).toBeUndefined();
    expect(new QueueSigner('another deployment').open(Queues.Intake, NAME, 'job-3', sealed)).toBeUndefined();
    const sig = sealed[SIGNATURE_FIELD] as string;
    for (const bad of [sig.toUpperCase(), `${sig}00`, sig.slice(0, -2), `v2${sig.slice(2)}`, 42, null, ['v1'], { v1: sig }]) {
      expect(signer.open(Queues.Intake, NAME, 'job-3', { ...sealed, [SIGNATURE_FIELD]: bad })).toBeUndefined();
    }
    for (const data of [null, 'x', [sealed], 7]) expect(signer.open(Queues.Intake, NAME, 'job-3', data)).toBeUndefined();
  });

  it('cannot be fooled by moving characters between the id and the payload', () => {
    const sealed = signer.seal(Queues.Intake, NAME, 'a', { b: 'c' });
    expect(signer.open(Queues.Intake, NAME, 'a","b', { ...sealed, b: undefined })).toBeUndefined();
    expect(signer.open(Queues.Intake, `${NAME}","intake`, 'a', sealed)).toBeUndefined();
  });

  it('re-seals a payload that already carried a signature field (the old one never counts)', () => {
    const forged = { ...payload, [SIGNATURE_FIELD]: 'v1.' + '0'.repeat(64) };
    const sealed = signer.seal(Queues.Intake, NAME, 'job-5', forged);
    expect(signer.open(Queues.Intake, NAME, 'job-5', sealed)).toEqual(payload);
  });

  it('accepts the previous key during a rotation but signs only with the new one', () => {
    const old = new QueueSigner('the key before');
    const rotated = new QueueSigner(KEY, 'the key before');
    const inRedis = old.seal(Queues.Intake, NAME, 'job-6', payload);
    expect(rotated.open(Queues.Intake, NAME, 'job-6', inRedis)).toEqual(payload);
    const fresh = rotated.seal(Queues.Intake, NAME, 'job-7', payload);
    expect(signer.open(Queues.Intake, NAME, 'job-7', fresh)).toEqual(payload);
    expect(old.open(Queues.Intake, NAME, 'job-7', fresh)).toBeUndefined();
  });

  it('refuses the development key in production', () => {
    expect(() => QueueSigner.fromConfig({ QUEUE_KEY: DEV_QUEUE_KEY, NODE_ENV: 'production' })).toThrow(/QUEUE_KEY/);
    expect(QueueSigner.fromConfig({ QUEUE_KEY: DEV_QUEUE_KEY, NODE_ENV: 'development' })).toBeInstanceOf(QueueSigner);
    expect(() => new QueueSigner('')).toThrow();
  });

  it('makes a consumer refuse a bad job with BAD_SIGNATURE as a dead letter (UnrecoverableError)', () => {
    const job = { id: 'job-8', name: NAME, data: payload };
    expect(() => verifiedPayload(signer, Queues.Intake, job)).toThrow(UnrecoverableError);
    expect(() => verifiedPayload(signer, Queues.Intake, job)).toThrow(/^BAD_SIGNATURE: /);
    expect(verifiedPayload(signer, Queues.Intake, { ...job, data: signer.seal(Queues.Intake, NAME, 'job-8', payload) })).toEqual(payload);
  });

  describe("scheduled jobs (a job scheduler's template: no job id to sign)", () => {
    const TICK = 'schedule.upload-sweep.v1';
    const template = signer.sealScheduled(Queues.Intake, TICK, TICK);
    const tick = (over: Partial<{ id: string; name: string; data: unknown; repeatJobKey: string }> = {}) => ({
      id: `repeat:${TICK}:1765099200000`,
      name: TICK,
      data: template,
      repeatJobKey: TICK,
      ...over,
    });

    it('signs the queue, name and scheduler id in the scheduled domain (a fixed vector), with no payload', () => {
      const expected = createHmac('sha256', KEY)
        .update(canonicalJson(['permits.queue-schedule.v1', 'intake', TICK, TICK, {}]))
        .digest('hex');
      expect(template).toEqual({ [SIGNATURE_FIELD]: `v1.${expected}` });
      expect(verifiedPayload(signer, Queues.Intake, tick())).toEqual({});
    });

    it.each([
      ['another queue', () => verifiedPayload(signer, Queues.EiaReview, tick())],
      ['another name', () => verifiedPayload(signer, Queues.Intake, tick({ name: 'schedule.audit-anchor.v1' }))],
      ['another scheduler', () => verifiedPayload(signer, Queues.Intake, tick({ repeatJobKey: 'other', id: 'repeat:other:1765099200000' }))],
      ['an id not of its scheduler', () => verifiedPayload(signer, Queues.Intake, tick({ id: 'repeat:other:1765099200000' }))],
      ['an id with more after the time', () => verifiedPayload(signer, Queues.Intake, tick({ id: `repeat:${TICK}:1765099200000:x` }))],
      [
        'a scheduler-like id without its scheduler',
        () => verifiedPayload(signer, Queues.Intake, { id: `repeat:${TICK}:1765099200000`, name: TICK, data: template }),
      ],
      ['an ordinary id', () => verifiedPayload(signer, Queues.Intake, { id: 'job-9', name: TICK, data: template })],
      ['a fact added', () => verifiedPayload(signer, Queues.Intake, tick({ data: { ...template, applicationId: 'app-1' } }))],
      [
        "an ordinary job's signature",
        () => verifiedPayload(signer, Queues.Intake, tick({ data: signer.seal(Queues.Intake, TICK, `repeat:${TICK}:1765099200000`, {}) })),
      ],
      ['another key', () => verifiedPayload(new QueueSigner('another-key-0123456789abcdef0123456789'), Queues.Intake, tick())],
    ])('refuses a template replayed under %s', (_case, run) => {
      expect(run).toThrow(/^BAD_SIGNATURE: /);
    });
  });
});
