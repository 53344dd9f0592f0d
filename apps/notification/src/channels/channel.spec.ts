import { Channel, channelsFor, InAppChannel, renderMessage } from './channel';
import { EmailChannel } from './email.channel';
import { SmsChannel, SmsGateway } from './sms.channel';

const gateway: SmsGateway = { send: () => Promise.resolve() };
const email = new EmailChannel('smtp://127.0.0.1:2525', 'permits@bureau.test');
const sms = new SmsChannel(gateway);
const all: Channel[] = [new InAppChannel(), email, sms];

describe(channelsFor.name, () => {
  it('picks e-mail and SMS for a contact with both addresses, in-app never (it is the stored row)', () => {
    expect(channelsFor({ email: 'a@b.cn', phone: '13800138000' }, all)).toEqual([
      { channel: 'email', address: 'a@b.cn' },
      { channel: 'sms', address: '13800138000' },
    ]);
  });

  it('picks only the channels the contact has an address for', () => {
    expect(channelsFor({ email: null, phone: '13800138000' }, all)).toEqual([{ channel: 'sms', address: '13800138000' }]);
    expect(channelsFor({ email: 'a@b.cn', phone: null }, all)).toEqual([{ channel: 'email', address: 'a@b.cn' }]);
    expect(channelsFor(null, all)).toEqual([]);
  });

  it('skips channels that are not configured', () => {
    const off = [new InAppChannel(), new EmailChannel(undefined, 'x@y.z'), new SmsChannel(null)];
    expect(off.map((c) => c.enabled)).toEqual([true, false, false]);
    expect(channelsFor({ email: 'a@b.cn', phone: '13800138000' }, off)).toEqual([]);
    expect(channelsFor({ email: 'a@b.cn', phone: '13800138000' }, [new InAppChannel(), new EmailChannel(undefined, 'x@y.z'), sms])).toEqual([
      { channel: 'sms', address: '13800138000' },
    ]);
  });

  afterAll(() => email.close());
});

describe(renderMessage.name, () => {
  it('names the kind and the application and lists the facts', () => {
    const m = renderMessage({
      kind: 'correction_requested',
      applicationId: 'app-1',
      data: { corrections: ['M-1', 'M-2'], comment: 'scan page 3 again', empty: null },
    });
    expect(m.subject).toContain('Corrections requested');
    expect(m.subject).toContain('app-1');
    expect(m.text).toContain('corrections: M-1, M-2');
    expect(m.text).toContain('comment: scan page 3 again');
    expect(m.text).not.toContain('empty');
    expect(m.short).toContain('申请材料需补正');
    expect(m.short.length).toBeLessThan(70);
  });
});

describe(SmsChannel.name, () => {
  it('sends the short text with the delivery id as idempotency key', async () => {
    const sent: unknown[] = [];
    const channel = new SmsChannel({ send: (to, text, key) => Promise.resolve(void sent.push({ to, text, key })) });
    await channel.send({ deliveryId: 'd-1', to: '13800138000', subject: 's', text: 'long', short: 'short' });
    expect(sent).toEqual([{ to: '13800138000', text: 'short', key: 'd-1' }]);
    await expect(new SmsChannel(null).send({ deliveryId: 'd', to: '1', subject: '', text: '', short: '' })).rejects.toThrow(/not configured/);
  });
});
