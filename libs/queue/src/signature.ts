import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
import { DEV_QUEUE_KEY } from '@permits/config';

/** The field of a job's data that holds its signature (beside the payload's own fields, never one of them). */
export const SIGNATURE_FIELD = '_sig';
/** The dead letters' code of a job no process of this deployment signed, or one altered since. */
export const BAD_SIGNATURE = 'BAD_SIGNATURE';

const VERSION = 'v1';
const DOMAIN = 'permits.queue-job.v1';
/** The scheduled marker: a job scheduler's template is signed in this domain, so it never verifies as an ordinary job (nor one as it). */
const SCHEDULED_DOMAIN = 'permits.queue-schedule.v1';
const SIGNATURE_FORMAT = /^v1\.[0-9a-f]{64}$/;

/** Canonical JSON: object keys sorted at every level, so the signer and the checker hash the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** What the signature covers: the queue (no moving a job to another), its name, its id (no replay under another id) and its payload. */
function message(queue: string, name: string, id: string, payload: Record<string, unknown>): string {
  // a JSON array: no choice of name or id can make two different jobs read the same
  return canonicalJson([DOMAIN, queue, name, id, payload]);
}

/** What a job scheduler's template signature covers: the queue, the job's name, the scheduler's id and the payload (no job id: BullMQ makes it per firing). */
function scheduledMessage(queue: string, name: string, schedulerId: string, payload: Record<string, unknown>): string {
  return canonicalJson([SCHEDULED_DOMAIN, queue, name, schedulerId, payload]);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Signs and checks queue jobs with the deployment's QUEUE_KEY (HMAC-SHA256). A job's data is its payload with one
 * more field, SIGNATURE_FIELD: `v1.<hex>` over the queue, the job's name and id, and the payload in canonical JSON
 * (what a consumer reads back from Redis, so the payload is signed after a JSON round trip). Consumers accept
 * QUEUE_KEY and, during a rotation, QUEUE_KEY_PREVIOUS; only QUEUE_KEY signs.
 */
export class QueueSigner {
  private readonly key: KeyObject;
  private readonly accepted: KeyObject[];

  constructor(key: string, previous?: string) {
    if (!key) throw new Error('QueueSigner: no key');
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
    this.accepted = [this.key, ...(previous ? [createSecretKey(Buffer.from(previous, 'utf8'))] : [])];
  }

  static fromConfig(config: { NODE_ENV: string; QUEUE_KEY: string; QUEUE_KEY_PREVIOUS?: string }): QueueSigner {
    // loadConfig refuses it already; a config built another way must not sign with a key everyone knows
    if (config.NODE_ENV === 'production' && config.QUEUE_KEY === DEV_QUEUE_KEY)
      throw new Error('QUEUE_KEY is the development default: refused when NODE_ENV=production');
    return new QueueSigner(config.QUEUE_KEY, config.QUEUE_KEY_PREVIOUS);
  }

  private mac(key: KeyObject, queue: string, name: string, id: string, payload: Record<string, unknown>): Buffer {
    return createHmac('sha256', key)
      .update(message(queue, name, id, payload))
      .digest();
  }

  private scheduledMac(key: KeyObject, queue: string, name: string, schedulerId: string, payload: Record<string, unknown>): Buffer {
    return createHmac('sha256', key)
      .update(scheduledMessage(queue, name, schedulerId, payload))
      .digest();
  }

  /**
   * The data of a job scheduler's template (BullMQ copies it into every job the scheduler makes, whose id,
   * `repeat:<schedulerId>:<millis>`, nobody can sign in advance): signed over the queue, the name, the scheduler's
   * id and the payload, in the scheduled domain. A scheduled job carries no facts: its payload must be empty.
   */
  sealScheduled(queue: string, name: string, schedulerId: string): Record<string, unknown> {
    return { [SIGNATURE_FIELD]: `${VERSION}.${this.scheduledMac(this.key, queue, name, schedulerId, {}).toString('hex')}` };
  }

  /**
   * Whether `data` is a template this deployment signed for this queue, name and scheduler, with an empty payload;
   * on success the (empty) payload, otherwise undefined.
   */
  openScheduled(queue: string, name: string, schedulerId: string | undefined, data: unknown): Record<string, unknown> | undefined {
    if (!schedulerId || !isPlainObject(data)) return undefined;
    const sig = data[SIGNATURE_FIELD];
    if (typeof sig !== 'string' || !SIGNATURE_FORMAT.test(sig)) return undefined;
    const given = Buffer.from(sig.slice(VERSION.length + 1), 'hex');
    const { [SIGNATURE_FIELD]: _sig, ...payload } = data;
    if (Object.keys(payload).length > 0) return undefined; // a tick carries no facts: nothing the signature would not cover is let through
    for (const key of this.accepted) if (timingSafeEqual(given, this.scheduledMac(key, queue, name, schedulerId, payload))) return payload;
    return undefined;
  }

  /** The job's data as it goes to Redis: the payload after a JSON round trip, with its signature. */
  seal(queue: string, name: string, id: string, data: unknown): Record<string, unknown> {
    const payload = JSON.parse(JSON.stringify(data ?? {})) as unknown;
    if (!isPlainObject(payload)) throw new Error(`a ${name} job's data must be an object`);
    delete payload[SIGNATURE_FIELD];
    return { ...payload, [SIGNATURE_FIELD]: `${VERSION}.${this.mac(this.key, queue, name, id, payload).toString('hex')}` };
  }

  /**
   * Whether `data` carries a valid signature for this queue, name and id; on success the payload without the
   * signature field, otherwise undefined.
   */
  open(queue: string, name: string, id: string | undefined, data: unknown): Record<string, unknown> | undefined {
    if (!id || !isPlainObject(data)) return undefined;
    const sig = data[SIGNATURE_FIELD];
    if (typeof sig !== 'string' || !SIGNATURE_FORMAT.test(sig)) return undefined;
    const given = Buffer.from(sig.slice(VERSION.length + 1), 'hex');
    const { [SIGNATURE_FIELD]: _sig, ...payload } = data;
    for (const key of this.accepted) if (timingSafeEqual(given, this.mac(key, queue, name, id, payload))) return payload;
    return undefined;
  }
}
