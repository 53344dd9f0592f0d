import type { Channel, Contact, OutgoingMessage } from './channel';

/** An SMS provider: sends one text, idempotent by key where the provider supports it. */
export interface SmsGateway {
  send(to: string, text: string, idempotencyKey: string): Promise<void>;
}

/**
 * A generic HTTP SMS gateway: POST {url} with JSON { to, text, id }, `Authorization: Bearer <key>` and
 * `Idempotency-Key: <id>`; any 2xx is success. Vendor gateways (Aliyun, Tencent Cloud SMS) sit behind
 * an adapter of this shape.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(to: string, text: string, idempotencyKey: string): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}`, 'idempotency-key': idempotencyKey },
      body: JSON.stringify({ to, text, id: idempotencyKey }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`);
    await res.arrayBuffer().catch(() => undefined);
  }
}

/** SMS through a gateway adapter, on when SMS_GATEWAY_URL is set. */
export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly enabled: boolean;

  constructor(private readonly gateway: SmsGateway | null) {
    this.enabled = gateway !== null;
  }

  addressOf(contact: Contact | null): string | null {
    return contact?.phone ?? null;
  }

  async send(m: OutgoingMessage): Promise<void> {
    if (!this.gateway) throw new Error('SMS is not configured (SMS_GATEWAY_URL)');
    await this.gateway.send(m.to, m.short, m.deliveryId);
  }
}
