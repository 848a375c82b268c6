/** Signing up and the signed-link actions with in-memory ports. */
import { describe, expect, it } from 'vitest';
import { liftSuppression, suppressSubscriber } from '../../../shared/admin/subscribers.js';
import { mailboxOf } from '../../../shared/mail/address.js';
import { applyFeedback, FeedbackError, parseFeedback } from '../../../shared/mail/feedback.js';
import { clientKey, registerSignup, requestSignup, SIGNUP_LIMITS } from '../../../shared/mail/signup.js';
import {
  confirmSubscription,
  peek,
  unsubscribe,
  updatePreferences,
} from '../../../shared/mail/subscriptions.js';
import { TokenSigner } from '../../../shared/mail/tokens.js';
import {
  MemoryClippings,
  MemoryDeliveries,
  MemoryMailer,
  MemoryQueue,
  MemorySubscribers,
  settings,
  signer,
} from '../../support/mail-memory.js';

const preferences = {
  sources: [],
  categories: [],
  keywords: ['Hà Nam'],
  frequency: 'daily' as const,
  sendHour: 7,
  timeZone: 'Asia/Ho_Chi_Minh',
};

function setup() {
  const subscribers = new MemorySubscribers();
  const deliveries = new MemoryDeliveries();
  const mailer = new MemoryMailer();
  let now = new Date('2026-11-27T03:00:00Z');
  const deps = { subscribers, deliveries, mailer, signer, settings, now: () => now };
  const register = (email: string, prefs = preferences) =>
    registerSignup({ email, preferences: prefs, requestedAt: now.toISOString() }, deps);
  const linkOf = async (n: number, kind: 'confirm' | 'manage' | 'unsubscribe') => {
    const text = String((await mailer.parsed())[n]!.text);
    return new URL(
      new RegExp(`https://\\S+/subscriptions/${kind}\\?token=\\S+`).exec(text)![0],
    ).searchParams.get('token')!;
  };
  const alerts = { deliveries, clippings: new MemoryClippings() };
  return {
    deps,
    alerts,
    subscribers,
    mailer,
    register,
    linkOf,
    setNow: (at: string) => (now = new Date(at)),
  };
}

describe('signing up', () => {
  it('queues the request without looking the address up, and limits each client', async () => {
    const deliveries = new MemoryDeliveries();
    const signups = new MemoryQueue<unknown>();
    const deps = { deliveries, signups: signups as never, now: () => new Date('2026-11-27T03:00:00Z') };
    const input = { email: 'a@example.vn', ...preferences };
    for (let n = 0; n < SIGNUP_LIMITS.perClientPerHour; n++)
      expect(await requestSignup(input, '203.0.113.7', deps)).toBe('accepted');
    expect(await requestSignup(input, '203.0.113.7', deps)).toBe('rate-limited');
    expect(await requestSignup(input, '203.0.113.8', deps)).toBe('accepted');
    expect(signups.sent).toHaveLength(SIGNUP_LIMITS.perClientPerHour + 1);
  });

  it('counts an IPv6 client by its /64 network', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('counts an IPv4 client seen through an IPv6 socket by its IPv4 address', () => {
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:198.51.100.2')).toBe('198.51.100.2');
    expect(clientKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).not.toBe(clientKey('::ffff:203.0.113.8'));
  });

  it('creates a pending subscriber and sends the double opt-in confirmation', async () => {
    const { register, subscribers, mailer } = setup();
    expect(await register('Ban.Doc@Example.VN')).toBe('confirmation-sent');
    const record = await subscribers.get(signer.subscriberId('ban.doc@example.vn'));
    expect(record?.subscriber).toMatchObject({ status: 'pending', email: 'ban.doc@example.vn', preferences });
    const [mail] = await mailer.parsed();
    expect(mail!.subject).toBe('Xác nhận đăng ký nhận tin Bantin');
    expect(mail!.text).toMatch(/https:\/\/api\.bantin\.example\/subscriptions\/confirm\?token=v1\.c\./);
    expect(mail!.headers.get('list')).toBeUndefined(); // transactional, not list mail
  });

  it('never changes a confirmed subscriber on an unauthenticated request: it mails the owner instead', async () => {
    const { register, subscribers, mailer, deps, linkOf } = setup();
    await register('ban@example.vn');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    const before = await subscribers.get(signer.subscriberId('ban@example.vn'));
    expect(await register('ban@example.vn', { ...preferences, keywords: ['spam'] })).toBe(
      'already-subscribed',
    );
    expect(await subscribers.get(signer.subscriberId('ban@example.vn'))).toEqual(before);
    expect((await mailer.parsed())[1]!.subject).toBe('Bạn đã đăng ký nhận tin Bantin');
  });

  it("confirms with each link its own signup's choices: another signup of the address, before or after, cannot change what the owner's link confirms", async () => {
    const others = { ...preferences, keywords: ['khác'], sendHour: 3 };
    // The owner first, then someone else typing the address.
    const owner = setup();
    await owner.register('victim@example.vn');
    owner.setNow('2026-11-27T03:00:05Z');
    expect(await owner.register('VICTIM@example.vn', others)).toBe('confirmation-sent');
    expect(owner.mailer.sent).toHaveLength(2);
    await confirmSubscription(await owner.linkOf(0, 'confirm'), owner.deps);
    const first = await owner.subscribers.get(signer.subscriberId('victim@example.vn'));
    expect(first?.subscriber).toMatchObject({ status: 'confirmed', preferences });
    expect(first?.subscriber.pendingChoices).toBeUndefined();
    // Someone else first (attack run 28: their choices were what the owner's newest link confirmed).
    const attacked = setup();
    await attacked.register('victim@example.vn', others);
    attacked.setNow('2026-11-27T03:00:05Z');
    await attacked.register('victim@example.vn');
    await confirmSubscription(await attacked.linkOf(1, 'confirm'), attacked.deps);
    const second = await attacked.subscribers.get(signer.subscriberId('victim@example.vn'));
    expect(second?.subscriber).toMatchObject({ status: 'confirmed', preferences });
    // The other link, used later, changes nothing.
    expect(await confirmSubscription(await attacked.linkOf(0, 'confirm'), attacked.deps)).toMatchObject({
      ok: true,
      outcome: 'already-confirmed',
    });
    expect(
      (await attacked.subscribers.get(signer.subscriberId('victim@example.vn')))?.subscriber.preferences,
    ).toEqual(preferences);
  });

  it(`mails one address at most ${SIGNUP_LIMITS.perAddressPerHour} times an hour`, async () => {
    const { register, mailer } = setup();
    const outcomes = [];
    for (let n = 0; n < SIGNUP_LIMITS.perAddressPerHour + 2; n++)
      outcomes.push(await register('victim@example.vn'));
    expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(2);
    expect(mailer.sent).toHaveLength(SIGNUP_LIMITS.perAddressPerHour);
  });

  it('counts sub-addresses and dotted Gmail spellings as their one mailbox, keeping each address as typed (attack run 37)', async () => {
    const { register, mailer } = setup();
    const typed = [
      'bomb+1@gmail.com',
      'bomb+2@gmail.com',
      'b.o.m.b@gmail.com',
      'Bomb+3@googlemail.com',
      'bomb+4@gmail.com',
    ];
    const outcomes = [];
    for (const address of typed) outcomes.push(await register(address));
    expect(outcomes).toEqual([
      'confirmation-sent',
      'confirmation-sent',
      'confirmation-sent',
      'rate-limited',
      'rate-limited',
    ]);
    expect(mailer.sent.map((m) => m.to)).toEqual([
      'bomb+1@gmail.com',
      'bomb+2@gmail.com',
      'b.o.m.b@gmail.com',
    ]);
    // Elsewhere dots are the mailbox's own: another allowance.
    expect(await register('b.omb+1@example.vn')).toBe('confirmation-sent');
    expect(await register('bomb@example.vn')).toBe('confirmation-sent');
    expect(mailboxOf('B.O.B+news@GoogleMail.com')).toBe('bob@gmail.com');
    expect(mailboxOf('an.ha+tin@example.vn')).toBe('an.ha@example.vn');
    expect(mailboxOf('+only@example.vn')).toBe('+only@example.vn');
  });

  it('refuses a hostile address even if it reached the queue', async () => {
    const { register, mailer } = setup();
    await expect(register('a@example.vn\r\nBcc: b@example.vn')).rejects.toThrow(/line breaks/);
    expect(mailer.sent).toEqual([]);
  });
});

describe('signed links', () => {
  it('confirm, then schedule the first digest at the next send hour', async () => {
    const { register, deps, linkOf, subscribers } = setup();
    await register('ban@example.vn');
    const result = await confirmSubscription(await linkOf(0, 'confirm'), deps);
    expect(result).toMatchObject({ ok: true, outcome: 'confirmed' });
    const { subscriber } = (await subscribers.get(signer.subscriberId('ban@example.vn')))!;
    expect(subscriber).toMatchObject({ status: 'confirmed', nextDigestAt: '2026-11-28T07:00:00+07:00' });
  });

  it('change nothing when forged, expired or meant for something else', async () => {
    const { register, deps, linkOf, subscribers, setNow } = setup();
    await register('ban@example.vn');
    const token = await linkOf(0, 'confirm');
    const id = signer.subscriberId('ban@example.vn');
    const before = await subscribers.get(id);
    const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await confirmSubscription(forged, deps)).toEqual({ ok: false, problem: 'invalid' });
    expect(await unsubscribe(token, 'page', deps)).toEqual({ ok: false, problem: 'invalid' }); // a confirm token
    const stranger = new TokenSigner('someone-elses-secret-0123456789-abcdef').sign(
      'unsubscribe',
      id,
      new Date(),
    );
    expect(await unsubscribe(stranger, 'one-click', deps)).toEqual({ ok: false, problem: 'invalid' });
    setNow('2026-12-05T03:00:00Z');
    expect(await confirmSubscription(token, deps)).toEqual({ ok: false, problem: 'expired' });
    expect(await subscribers.get(id)).toEqual(before);
  });

  it('unsubscribe for good: an old confirmation link cannot bring the subscription back', async () => {
    const { register, deps, linkOf, subscribers, mailer } = setup();
    await register('ban@example.vn');
    const confirm = await linkOf(0, 'confirm');
    await confirmSubscription(confirm, deps);
    await register('ban@example.vn'); // "already subscribed" note, with the links
    expect(await unsubscribe(await linkOf(1, 'unsubscribe'), 'one-click', deps)).toEqual({
      ok: true,
      outcome: 'unsubscribed',
    });
    expect(await unsubscribe(await linkOf(1, 'unsubscribe'), 'one-click', deps)).toEqual({
      ok: true,
      outcome: 'already-unsubscribed',
    });
    expect(await confirmSubscription(confirm, deps)).toMatchObject({
      ok: true,
      outcome: 'no-longer-pending',
    });
    const { subscriber } = (await subscribers.get(signer.subscriberId('ban@example.vn')))!;
    expect(subscriber).toMatchObject({ status: 'unsubscribed', statusReason: 'one-click' });
    expect(subscriber.nextDigestAt).toBeUndefined();
    expect(mailer.sent).toHaveLength(2);
  });

  it('confirm only the signup a link was sent for: an old link does not confirm a later signup', async () => {
    const { register, deps, linkOf, subscribers, setNow } = setup();
    setNow('2026-12-01T03:00:00Z');
    await register('ban@example.vn');
    const first = await linkOf(0, 'confirm');
    await confirmSubscription(first, deps);
    const id = signer.subscriberId('ban@example.vn');
    await unsubscribe(signer.sign('unsubscribe', id, new Date('2026-12-01T03:00:00Z')), 'page', deps);
    setNow('2026-12-02T03:00:00Z');
    await register('ban@example.vn', { ...preferences, keywords: ['lũ lụt'] });
    // Typed again by anyone while pending: the pending signup and its link stand.
    setNow('2026-12-02T04:00:00Z');
    await register('ban@example.vn');
    expect(await confirmSubscription(first, deps)).toMatchObject({ ok: true, outcome: 'no-longer-pending' });
    expect((await subscribers.get(id))!.subscriber.status).toBe('pending');
    const second = await linkOf(1, 'confirm');
    expect(await confirmSubscription(second, deps)).toMatchObject({ ok: true, outcome: 'confirmed' });
    expect((await subscribers.get(id))!.subscriber.preferences.keywords).toEqual(['lũ lụt']);
    // How the reader left stays on record through the later signups (attack run 37).
    expect((await subscribers.get(id))!.subscriber.lastLeft).toEqual({
      at: '2026-12-01T10:00:00+07:00',
      status: 'unsubscribed',
      reason: 'page',
    });
  });

  it('keeps a lifted suppression as how the reader left through a signup after the lift (newcomer run 49)', async () => {
    const { register, deps, linkOf, subscribers, setNow } = setup();
    await register('ban@example.vn');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    const admin = {
      subscribers,
      stats: { countByStatus: async () => ({ pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 }) },
      subscriberId: async (email: string) => signer.subscriberId(email),
      audit: { record: async () => {}, list: async () => [] },
      now: deps.now,
    };
    await suppressSubscriber({ email: 'ban@example.vn', reason: 'thử chặn' }, 'admin@x', admin);
    setNow('2026-11-28T03:00:00Z');
    await liftSuppression({ email: 'ban@example.vn', reason: 'người đọc xin lại' }, 'admin@x', admin);
    setNow('2026-11-28T04:00:00Z');
    await register('ban@example.vn');
    const { subscriber } = (await subscribers.get(signer.subscriberId('ban@example.vn')))!;
    expect(subscriber.status).toBe('pending');
    expect(subscriber.lastLeft).toEqual({
      at: '2026-11-27T10:00:00+07:00',
      status: 'suppressed',
      reason: 'admin: thử chặn',
    });
  });

  it('manage only the subscription a link was sent for: not one confirmed again since', async () => {
    const { register, deps, alerts, linkOf, setNow } = setup();
    await register('ban@example.vn');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    const id = signer.subscriberId('ban@example.vn');
    const old = signer.sign('manage', id, new Date('2026-11-27T03:00:00Z'));
    expect(await peek(old, 'manage', deps)).toMatchObject({ ok: true });
    await unsubscribe(signer.sign('unsubscribe', id, deps.now()), 'page', deps);
    setNow('2026-12-05T03:00:00Z');
    await register('ban@example.vn', { ...preferences, keywords: ['lũ lụt'] });
    // While the new signup waits for its owner, the old link cannot change its choices either.
    expect(await updatePreferences(old, { ...preferences, keywords: ['quảng cáo'] }, deps, alerts)).toEqual({
      ok: false,
      problem: 'expired',
    });
    await confirmSubscription(await linkOf(1, 'confirm'), deps);
    expect((await deps.subscribers.get(id))!.subscriber.preferences.keywords).toEqual(['lũ lụt']);
    // Within its 30 days, yet from the subscription before: it shows and changes nothing.
    expect(await peek(old, 'manage', deps)).toEqual({ ok: false, problem: 'expired' });
    expect(await updatePreferences(old, { ...preferences, keywords: ['bóng đá'] }, deps, alerts)).toEqual({
      ok: false,
      problem: 'expired',
    });
    const fresh = signer.sign('manage', id, deps.now());
    expect(
      await updatePreferences(fresh, { ...preferences, keywords: ['bóng đá'] }, deps, alerts),
    ).toMatchObject({
      ok: true,
    });
  });

  it('update preferences and move the schedule with them', async () => {
    const { register, deps, alerts, linkOf, subscribers } = setup();
    await register('ban@example.vn');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    await register('ban@example.vn');
    const manage = await linkOf(1, 'manage');
    const result = await updatePreferences(
      manage,
      { ...preferences, sendHour: 18, timeZone: 'Europe/Berlin' },
      deps,
      alerts,
    );
    expect(result.ok).toBe(true);
    const { subscriber } = (await subscribers.get(signer.subscriberId('ban@example.vn')))!;
    expect(subscriber.nextDigestAt).toBe('2026-11-27T18:00:00+01:00');
  });
});

describe('bounces and complaints', () => {
  const bounce = (type: string, address: string) =>
    JSON.stringify({
      eventType: 'Bounce',
      mail: { messageId: 'm-1', destination: [address] },
      bounce: { bounceType: type, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address }] },
    });

  it.each([
    ['not JSON', 'nope{', /not JSON/],
    ['JSON without a type', '{"mail":{}}', /no eventType/],
    ['a bounce without its object', '{"eventType":"Bounce"}', /without a bounce object/],
    [
      'recipients of the wrong shape',
      '{"eventType":"Complaint","complaint":{"complainedRecipients":"x"}}',
      /complaint/,
    ],
    ['an SNS envelope without a message', '{"Type":"Notification"}', /without a Message/],
    ['a number', '42', /not an SES event/],
  ])('refuse %s with a reason, never another error', (_name, body, reason) => {
    expect(() => parseFeedback(body)).toThrow(FeedbackError);
    expect(() => parseFeedback(body)).toThrow(reason);
  });

  it('suppress permanent bounces and complaints (raw or in the SNS envelope), not transient bounces', async () => {
    const { register, deps, linkOf, subscribers } = setup();
    await register('ban@example.vn');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    const id = signer.subscriberId('ban@example.vn');
    expect(await applyFeedback(parseFeedback(bounce('Transient', 'ban@example.vn')), deps)).toEqual({
      suppressed: 0,
      ignored: [],
    });
    expect((await subscribers.get(id))?.subscriber.status).toBe('confirmed');
    const wrapped = JSON.stringify({
      Type: 'Notification',
      Message: bounce('Permanent', '"Bạn Đọc" <Ban@Example.VN>'),
    });
    expect(await applyFeedback(parseFeedback(wrapped), deps)).toEqual({ suppressed: 1, ignored: [] });
    expect((await subscribers.get(id))?.subscriber).toMatchObject({
      status: 'suppressed',
      statusReason: 'bounce: Permanent/General',
    });
    const complaint = parseFeedback(
      JSON.stringify({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'x\r\n@evil' }] },
      }),
    );
    expect(await applyFeedback(complaint, deps)).toEqual({ suppressed: 0, ignored: ['x\r\n@evil'] });
  });

  it("refuse a complaining mailbox's other spellings, plus-tags and Gmail dots (attack run 38)", async () => {
    const { register, deps, linkOf, mailer, setNow } = setup();
    await register('vic.tim+tin@gmail.com');
    await confirmSubscription(await linkOf(0, 'confirm'), deps);
    const complaint = JSON.stringify({
      eventType: 'Complaint',
      mail: { messageId: 'm-2', destination: ['vic.tim+tin@gmail.com'] },
      complaint: { complainedRecipients: [{ emailAddress: 'vic.tim+tin@gmail.com' }] },
    });
    expect(await applyFeedback(parseFeedback(complaint), deps)).toMatchObject({ suppressed: 1 });
    const sent = mailer.sent.length;
    // (An hour apart: a mailbox's hourly allowance of signups is not what refuses them.)
    for (const [n, spelling] of [
      'victim@gmail.com',
      'victim+khac@googlemail.com',
      'v.i.ctim@gmail.com',
    ].entries()) {
      setNow(`2026-11-27T${String(5 + n).padStart(2, '0')}:00:00Z`);
      expect(await register(spelling), spelling).toBe('suppressed');
    }
    expect(mailer.sent).toHaveLength(sent);
    // Another mailbox is not touched.
    expect(await register('victim2@gmail.com')).toBe('confirmation-sent');
  });
});
