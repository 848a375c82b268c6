/** The subscription routes in-process, with in-memory ports: what each request gets back. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRoutes, route } from '../../../functions/subscriptions/routes.js';
import { type FunctionSpec, topology } from '../../../infra/topology.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { CHOICE_LIMITS, SubscriptionPreferencesSchema } from '../../../shared/domain/subscriber.js';
import type { SignupRequest } from '../../../shared/mail/messages.js';
import { MemorySources } from '../../support/in-memory.js';
import {
  MemoryClippings,
  MemoryDeliveries,
  MemoryQueue,
  MemorySubscribers,
  settings,
  signer,
} from '../../support/mail-memory.js';
import { sourceInput } from '../../support/sample-site.js';

const ORIGIN = settings.apiBaseUrl;
const NOW = new Date('2026-11-27T03:00:00Z');

async function setup() {
  const sources = new MemorySources();
  await sources.put(SourceSchema.parse(sourceInput()));
  await sources.put(SourceSchema.parse(sourceInput({ id: 'bao-tat', name: 'Báo tắt', enabled: false })));
  const subscribers = new MemorySubscribers();
  const signups = new MemoryQueue<SignupRequest>();
  const unsubscribed: string[] = [];
  const routes = createRoutes({
    sources,
    subscribers,
    deliveries: new MemoryDeliveries(),
    clippings: new MemoryClippings(),
    signups,
    signer: async () => signer,
    apiBaseUrl: ORIGIN,
    onUnsubscribe: (how) => unsubscribed.push(how),
    now: () => NOW,
  });
  const call = (
    routeKey: string,
    init: {
      body?: string;
      type?: string;
      origin?: string;
      query?: Record<string, string>;
      action?: string;
    } = {},
  ) =>
    route(routes, {
      routeKey,
      rawPath: routeKey.split(' ')[1],
      headers: {
        ...(init.type ? { 'content-type': init.type } : {}),
        ...(init.origin ? { origin: init.origin } : {}),
      },
      body: init.body,
      isBase64Encoded: false,
      queryStringParameters: init.query,
      pathParameters: init.action ? { action: init.action } : undefined,
      requestContext: { http: { method: routeKey.split(' ')[0], sourceIp: '192.0.2.1' } },
    } as unknown as APIGatewayProxyEventV2);
  /** A pending subscriber, as the queue consumer registers one, and its signed link of `purpose`. */
  const subscribe = async (
    email: string,
    purpose: 'confirm' | 'manage' | 'unsubscribe',
    choices: Record<string, unknown> = {},
  ) => {
    const id = signer.subscriberId(email);
    const preferences = SubscriptionPreferencesSchema.parse(choices);
    const at = NOW.toISOString();
    await subscribers.save({ id, email, status: 'pending', preferences, createdAt: at }, undefined);
    return signer.sign(purpose, id, NOW);
  };
  return { call, signups, subscribers, subscribe, unsubscribed };
}

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(key, v);
  return params.toString();
};
const FORM = 'application/x-www-form-urlencoded';

describe('the subscription routes', () => {
  it('handle exactly the topology routes of subscriptions', async () => {
    const { call } = await setup();
    const trigger = (topology.functions.subscriptions as FunctionSpec).trigger;
    if (trigger.kind !== 'http') throw new Error('subscriptions is not an http function');
    for (const r of trigger.routes) {
      expect((await call(`${r.method} ${r.path}`, { action: 'confirm' })).statusCode).not.toBe(404);
    }
    const unknown = await call('GET /subscriptions/{action}', { action: 'delete' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không có trang này');
    expect((await call('GET /nothing')).statusCode).toBe(404);
  });

  it("let the form hold the longest lists a reader may save: the field limits are the schema's", async () => {
    const { call } = await setup();
    const page = (await call('GET /subscribe')).body!;
    for (const field of ['categories', 'keywords'] as const) {
      const maxlength = Number(new RegExp(`name="${field}" maxlength="(\\d+)"`).exec(page)?.[1]);
      const longest = Array.from(
        { length: CHOICE_LIMITS[field] },
        (_, i) => `${String(i).padStart(2, '0')} ${'x'.repeat(CHOICE_LIMITS.chars - 3)}`,
      ).join(', ');
      expect(SubscriptionPreferencesSchema.safeParse({ [field]: [longest] }).success, field).toBe(true);
      expect(longest.length, field).toBeLessThanOrEqual(maxlength);
    }
  });

  it('read a JSON body as the admin API does: another charset is a 415, and a byte-order mark no part of it (attack run 31)', async () => {
    const { call, signups } = await setup();
    const body = JSON.stringify({ email: 'ban@example.vn', sources: ['bao-ha-nam'] });
    await expect(
      call('POST /api/subscriptions', { body, type: 'application/json; charset=utf-16' }),
    ).rejects.toMatchObject({ status: 415 });
    const marked = await call('POST /api/subscriptions', { body: `\uFEFF${body}`, type: 'application/json' });
    expect(marked.statusCode).toBe(202);
    expect(signups.sent).toHaveLength(1);
  });

  it('show the form with the enabled sources only', async () => {
    const { call } = await setup();
    const page = await call('GET /subscribe');
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['referrer-policy']).toBe('same-origin');
    expect(page.body).toContain('value="bao-ha-nam"');
    expect(page.body).not.toContain('value="bao-tat"');
  });

  it('take the own form, refuse a cross-site form (403) and any other body (415)', async () => {
    const { call, signups } = await setup();
    const body = form({
      email: 'ban@example.vn',
      sources: 'bao-ha-nam',
      sendHour: '6',
      categories: 'Xã hội, Văn hóa',
    });
    expect(
      (await call('POST /subscribe', { body, type: FORM, origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await call('POST /subscribe', { body, type: FORM })).statusCode).toBe(403);
    expect((await call('POST /subscribe', { body, type: 'text/plain' })).statusCode).toBe(415);
    expect((await call('POST /api/subscriptions', { body, type: 'text/plain' })).statusCode).toBe(415);
    const cross = await call('POST /api/subscriptions', { body, type: FORM, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(signups.sent).toEqual([]);
    const accepted = await call('POST /subscribe', { body, type: `${FORM}; charset=UTF-8`, origin: ORIGIN });
    expect(accepted.statusCode).toBe(202);
    expect(signups.sent).toHaveLength(1);
    expect(signups.sent[0]).toMatchObject({
      email: 'ban@example.vn',
      preferences: { sources: ['bao-ha-nam'], sendHour: 6, categories: ['Xã hội', 'Văn hóa'] },
    });
  });

  it('name each bad field: in Vietnamese on the form, in English in the API', async () => {
    const { call, signups } = await setup();
    const page = await call('POST /subscribe', {
      body: form({ email: 'ban@example.vn', sources: ['bao-ha-nam', 'bao-tat'] }),
      type: FORM,
      origin: ORIGIN,
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Nguồn tin: không có nguồn tin &#34;bao-tat&#34;');
    expect(page.body).toContain('value="ban@example.vn"');
    const api = await call('POST /api/subscriptions', {
      body: JSON.stringify({ email: 'ban@example.vn', sources: ['nope'] }),
      type: 'application/json',
    });
    expect(api.statusCode).toBe(400);
    expect(JSON.parse(api.body!)).toEqual({
      error: 'Invalid request: sources: unknown source "nope"',
      details: { issues: [{ path: 'sources', message: 'unknown source "nope"' }] },
    });
    const broken = await call('POST /api/subscriptions', { body: '{', type: 'application/json' });
    expect(broken.statusCode).toBe(400);
    expect(signups.sent).toEqual([]);
  });

  /** The reader's press of the confirmation page's button. */
  const confirm = (call: Awaited<ReturnType<typeof setup>>['call'], token: string) =>
    call('POST /subscriptions/{action}', { action: 'confirm', body: form({ token }), type: FORM });

  it('double opt-in: GET shows the question and changes nothing, POST confirms', async () => {
    const { call, subscribers, subscribe } = await setup();
    const token = await subscribe('ban@example.vn', 'confirm');
    const question = await call('GET /subscriptions/{action}', { action: 'confirm', query: { token } });
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain('Xác nhận nhận tin Bantin cho ban@example.vn?');
    expect([...subscribers.records.values()][0]!.subscriber.status).toBe('pending');
    // A mail scanner's or link checker's HEAD is served as the GET: the same page, nothing changed.
    const head = await call('HEAD /subscriptions/{action}', { action: 'confirm', query: { token } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toContain('ban@example.vn');
    expect([...subscribers.records.values()][0]!.subscriber.status).toBe('pending');
    const done = await confirm(call, token);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Bản tin đầu tiên sẽ đến vào giờ bạn đã chọn.');
    expect([...subscribers.records.values()][0]!.subscriber.status).toBe('confirmed');
  });

  it("shows what a link confirms before it does, and links the choices' page after (attack run 37: a stranger's signup)", async () => {
    const { call, subscribe, subscribers } = await setup();
    const token = await subscribe('ban@example.vn', 'confirm', {
      frequency: 'daily',
      sendHour: 6,
      sources: ['bao-ha-nam'],
      keywords: ['xổ số'],
    });
    const question = await call('GET /subscriptions/{action}', { action: 'confirm', query: { token } });
    expect(question.body).toContain('Hằng ngày (bản tin tổng hợp), lúc 6 giờ (Việt Nam (GMT+7))');
    expect(question.body).toContain('<li>Báo: Báo Hà Nam</li>');
    expect(question.body).toContain('<li>Từ khóa: xổ số</li>');
    expect(question.body).toContain('<li>Chuyên mục: tất cả</li>');
    const done = await confirm(call, token);
    expect(done.statusCode).toBe(200);
    const manage = /href="([^"]+)"/
      .exec(done.body!.split('Bản tin đầu tiên')[1]!)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(manage).toMatch(new RegExp(`^${ORIGIN}/subscriptions/manage\\?token=`));
    const id = [...subscribers.records.keys()][0]!;
    const manageToken = decodeURIComponent(new URL(manage!).searchParams.get('token')!);
    expect(signer.verify(manageToken, 'manage', NOW)).toMatchObject({ ok: true, subscriberId: id });
    // Pressed again (an old mail, another period's): confirmed already, and no access handed out.
    const again = await confirm(call, token);
    expect(again.statusCode).toBe(200);
    expect(again.body).not.toContain('/subscriptions/manage');
  });

  it('says a link whose signup later ones pushed out is older, not that the subscription was cancelled', async () => {
    const { call, subscribe, subscribers } = await setup();
    const token = await subscribe('ban@example.vn', 'confirm');
    const record = [...subscribers.records.values()][0]!;
    const later = { issuedAt: '2026-11-27T08:30:00+07:00', preferences: record.subscriber.preferences };
    await subscribers.save({ ...record.subscriber, pendingChoices: [later] }, record.version);
    const done = await confirm(call, token);
    expect(done.statusCode).toBe(409);
    expect(done.body).toContain('Hãy dùng liên kết trong thư xác nhận mới nhất');
    expect(done.body).not.toContain('đã bị hủy');
  });

  it('tells a reader of instant alerts that alerts come as articles do, not at an hour', async () => {
    const { call, subscribe } = await setup();
    const token = await subscribe('ban@example.vn', 'confirm', { frequency: 'instant' });
    const done = await confirm(call, token);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('ngay khi có bài mới');
    expect(done.body).not.toContain('giờ bạn đã chọn');
  });

  /** A reader's unsubscribe POST with this body; the answer, the reader's status and how it was recorded. */
  const unsubscribePost = async (body: string, type: string) => {
    const { call, subscribers, subscribe, unsubscribed } = await setup();
    const token = await subscribe('ban@example.vn', 'unsubscribe');
    const result = await call('POST /subscriptions/{action}', {
      action: 'unsubscribe',
      query: { token },
      body,
      type,
    });
    return { result, status: [...subscribers.records.values()][0]!.subscriber.status, unsubscribed };
  };

  it('one-click unsubscribe (RFC 8058) answers 200 and says how it was asked', async () => {
    const { result, status, unsubscribed } = await unsubscribePost('List-Unsubscribe=One-Click', FORM);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.location).toBeUndefined();
    expect(status).toBe('unsubscribed');
    expect(unsubscribed).toEqual(['one-click']);
  });

  it('takes the one-click POST as multipart/form-data too (RFC 8058 allows either encoding)', async () => {
    const boundary = '----bantin7MA4YWxkTrZu0gW';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const { result, status, unsubscribed } = await unsubscribePost(
      body,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(result.statusCode).toBe(200);
    expect(status).toBe('unsubscribed');
    expect(unsubscribed).toEqual(['one-click']);
  });

  it('a multipart body that cannot be read is an empty form, not a failure', async () => {
    const { result, status, unsubscribed } = await unsubscribePost(
      'List-Unsubscribe=One-Click',
      'multipart/form-data; boundary=nowhere',
    );
    expect(result.statusCode).toBe(200);
    expect(status).toBe('unsubscribed');
    expect(unsubscribed).toEqual(['page']);
  });

  it('the manage form saves valid choices and shows a refused one again with its reason', async () => {
    const { call, subscribers, subscribe } = await setup();
    const token = await subscribe('ban@example.vn', 'manage');
    const manage = (fields: Record<string, string>) =>
      call('POST /subscriptions/{action}', {
        action: 'manage',
        body: form({ token, action: 'save', categories: '', keywords: '', frequency: 'daily', ...fields }),
        type: FORM,
      });
    const refused = await manage({ sources: 'bao-tat', keywords: 'Hà Nam' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Nguồn tin: không có nguồn tin &#34;bao-tat&#34;');
    const saved = await manage({ keywords: 'Hà Nam; giao thông', frequency: 'weekly' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Đã lưu lựa chọn của bạn.');
    expect([...subscribers.records.values()][0]!.subscriber.preferences).toMatchObject({
      keywords: ['Hà Nam', 'giao thông'],
      frequency: 'weekly',
    });
  });

  it('the manage form shows a chosen paper paused or gone, checked: kept as shown, or let go for every paper', async () => {
    const { call, subscribers, subscribe } = await setup();
    const token = await subscribe('ban@example.vn', 'manage');
    const [record] = subscribers.records.values();
    record!.subscriber.preferences.sources = ['bao-tat', 'bao-da-xoa'];
    const shown = await call('GET /subscriptions/{action}', { action: 'manage', query: { token } });
    expect(shown.body).toContain('value="bao-tat" checked>Báo tắt (tạm dừng)');
    expect(shown.body).toContain('value="bao-da-xoa" checked>bao-da-xoa (đã ngừng)');
    const save = (sources: string[]) =>
      call('POST /subscriptions/{action}', {
        action: 'manage',
        body: form({
          token,
          action: 'save',
          sources,
          categories: '',
          keywords: '',
          frequency: 'daily',
          sendHour: '9',
        }),
        type: FORM,
      });
    // Saved as shown (another field changed): the paused paper stays chosen, not every paper.
    expect((await save(['bao-tat', 'bao-da-xoa'])).statusCode).toBe(200);
    expect([...subscribers.records.values()][0]!.subscriber.preferences).toMatchObject({
      sources: ['bao-tat', 'bao-da-xoa'],
      sendHour: 9,
    });
    // Unchecked, as the page says: every paper (attack run 19: the paused one came back at each save).
    expect((await save([])).statusCode).toBe(200);
    expect([...subscribers.records.values()][0]!.subscriber.preferences.sources).toEqual([]);
    // A paper neither enabled nor chosen before is still refused.
    const other = await save(['bao-khac']);
    expect(other.statusCode).toBe(400);
  });

  it("offers Bantin's default zone to a reader stored with the server's own ('system'), so the form saves", async () => {
    const { call, subscribers, subscribe } = await setup();
    const token = await subscribe('ban@example.vn', 'manage');
    const [record] = subscribers.records.values();
    record!.subscriber.preferences.timeZone = 'system';
    const shown = await call('GET /subscriptions/{action}', { action: 'manage', query: { token } });
    expect(shown.body).not.toContain('value="system"');
    expect(shown.body).toContain('value="Asia/Ho_Chi_Minh" selected');
  });

  it('a bad token changes nothing and says why', async () => {
    const { call } = await setup();
    const result = await call('POST /subscriptions/{action}', {
      action: 'unsubscribe',
      body: form({ token: 'garbage' }),
      type: FORM,
    });
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('Liên kết không hợp lệ');
  });

  it.each([
    ['only the token', {}, 'action=save, categories, keywords, frequency'],
    ['no action', { categories: '', keywords: '', frequency: 'weekly' }, 'action=save'],
    ['the save button without the fields', { action: 'save' }, 'categories, keywords, frequency'],
    ['another action', { action: 'reset', categories: '', keywords: '', frequency: 'weekly' }, 'action=save'],
  ])(
    'a manage post with %s changes nothing and says so, naming what it lacks',
    async (_name, fields, missing) => {
      const { call, subscribers, subscribe } = await setup();
      const token = await subscribe('ban@example.vn', 'manage');
      const record = () => [...subscribers.records.values()][0]!.subscriber;
      const post = (body: Record<string, string>) =>
        call('POST /subscriptions/{action}', {
          action: 'manage',
          body: form({ token, ...body }),
          type: FORM,
        });
      const chosen = { action: 'save', categories: 'Xã hội', keywords: 'Hà Nam', frequency: 'instant' };
      expect((await post(chosen)).statusCode).toBe(200);
      const before = record().preferences;
      const result = await post(fields as Record<string, string>);
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('không có gì thay đổi');
      expect(result.body).toContain(`(missing fields): ${missing}.`);
      expect(record().preferences).toEqual(before);
      expect(before).toMatchObject({ categories: ['Xã hội'], keywords: ['Hà Nam'], frequency: 'instant' });
    },
  );
});
