import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { NotificationConfig } from '@permits/config';
import { Channel, InAppChannel } from './channel';
import { EmailChannel } from './email.channel';
import { HttpSmsGateway, SmsChannel } from './sms.channel';

/** The process's channels, built from the config: in-app always, e-mail and SMS when configured. */
@Injectable()
export class Channels implements OnApplicationShutdown {
  constructor(readonly all: readonly Channel[]) {}

  static fromConfig(config: NotificationConfig): Channels {
    return new Channels([
      new InAppChannel(),
      new EmailChannel(config.SMTP_URL, config.MAIL_FROM),
      new SmsChannel(config.SMS_GATEWAY_URL && config.SMS_API_KEY ? new HttpSmsGateway(config.SMS_GATEWAY_URL, config.SMS_API_KEY) : null),
    ]);
  }

  get(name: string): Channel | undefined {
    return this.all.find((c) => c.name === name);
  }

  onApplicationShutdown(): void {
    for (const c of this.all) if (c instanceof EmailChannel) c.close();
  }
}
