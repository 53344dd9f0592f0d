import type { NotificationKind } from '@permits/contracts/enums';
import type { DeliveryChannel } from '../deliveries/delivery.entity';

export type ChannelName = 'in_app' | DeliveryChannel;

export interface Contact {
  email: string | null;
  phone: string | null;
}

export interface OutgoingMessage {
  /** The delivery's id: the idempotency key downstream (Message-ID, SMS gateway request id). */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  /** One line, for SMS. */
  short: string;
}

/**
 * One way of reaching a recipient. In-app is the stored notification itself (always on); e-mail and SMS
 * are off until configured, and reach only recipients whose contact has an address for them.
 */
export interface Channel {
  readonly name: ChannelName;
  readonly enabled: boolean;
  /** The address this channel uses for a contact, or null when it has none. */
  addressOf(contact: Contact | null): string | null;
  send(message: OutgoingMessage): Promise<void>;
}

/** The stored notification is the delivery: nothing to send. */
export class InAppChannel implements Channel {
  readonly name = 'in_app' as const;
  readonly enabled = true;
  addressOf(): string | null {
    return null;
  }
  send(): Promise<void> {
    return Promise.resolve();
  }
}

/** The out-of-band channels a recipient gets: enabled ones for which their contact has an address. */
export function channelsFor(contact: Contact | null, channels: readonly Channel[]): { channel: DeliveryChannel; address: string }[] {
  return channels.flatMap((c) => {
    if (c.name === 'in_app' || !c.enabled) return [];
    const address = c.addressOf(contact);
    return address ? [{ channel: c.name, address }] : [];
  });
}

const TITLES: Record<NotificationKind, string> = {
  task_assigned: '待办任务 / A task is waiting for you',
  sla_yellow: '办理时限预警 / Deadline approaching (yellow)',
  sla_red: '办理时限告警 / Deadline reached or passed (red)',
  correction_requested: '申请材料需补正 / Corrections requested',
  clock_suspended: '审批时限暂停计算 / The statutory clock is paused',
  clock_extended: '审批时限延长 / The statutory time limit is extended',
  decision: '审批决定 / Decision on your application',
  permit_expiring: '许可证即将到期 / Your permit expires soon',
  inspection_assigned: '双随机检查任务 / You were drawn for an inspection',
  monitoring_alarm: '在线监测超标报警 / Online monitoring alarm',
  penalty_notice: '行政处罚事先告知 / Notice of an intended penalty and your rights',
};

/** The words of a notification for e-mail and SMS (no personal data beyond what the notification holds). */
export function renderMessage(n: { kind: NotificationKind; applicationId: string; data: Record<string, unknown> }): {
  subject: string;
  text: string;
  short: string;
} {
  const title = TITLES[n.kind] ?? n.kind;
  const facts = Object.entries(n.data ?? {})
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return {
    subject: `[生态环境许可] ${title} (${n.applicationId})`,
    text: [
      `${title}`,
      '',
      `申请 / Application: ${n.applicationId}`,
      ...facts,
      '',
      '请登录政务服务平台查看详情。 Please sign in to the portal for details.',
    ].join('\n'),
    short: `【生态环境许可】${title.split(' / ')[0]}，申请${n.applicationId.slice(0, 8)}，请登录平台查看。`,
  };
}
