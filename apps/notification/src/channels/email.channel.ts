import { createTransport, Transporter } from 'nodemailer';
import type { Channel, Contact, OutgoingMessage } from './channel';

/**
 * nodemailer reads options from the URL's query: a stuck server must not hold a delivery for ever, and messages go
 * over a few pooled connections (`pool`, up to `maxConnections` 5 unless the URL says otherwise) instead of a new
 * connection, greeting and QUIT per message, which held each delivery's row lock for a whole SMTP session.
 */
function withTransportOptions(smtpUrl: string, timeoutMs: number): string {
  const u = new URL(smtpUrl);
  for (const k of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) if (!u.searchParams.has(k)) u.searchParams.set(k, String(timeoutMs));
  if (!u.searchParams.has('pool')) u.searchParams.set('pool', 'true');
  return u.toString();
}

/** E-mail over SMTP (nodemailer), on when SMTP_URL is set. */
export class EmailChannel implements Channel {
  readonly name = 'email' as const;
  readonly enabled: boolean;
  private readonly transport: Transporter | null;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    timeoutMs = 30_000,
  ) {
    this.enabled = !!smtpUrl;
    this.transport = smtpUrl ? createTransport(withTransportOptions(smtpUrl, timeoutMs)) : null;
  }

  addressOf(contact: Contact | null): string | null {
    return contact?.email ?? null;
  }

  async send(m: OutgoingMessage): Promise<void> {
    if (!this.transport) throw new Error('e-mail is not configured (SMTP_URL)');
    // the delivery id as Message-ID: a resend after a crash between SMTP accept and 'sent' is recognisable
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, messageId: `<${m.deliveryId}@permits.notification>` });
  }

  close(): void {
    this.transport?.close();
  }
}
