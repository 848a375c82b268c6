/**
 * Push: webhook registration rules, the filter policy and how SNS matches it against the
 * attributes article events carry, and the WebSub publisher.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpWebSubHub } from '../../../shared/adapters/http/websub-hub.js';
import { FileWebhookSubscriptions } from '../../../shared/adapters/local/webhook-subscriptions.js';
import type { Article } from '../../../shared/domain/article.js';
import { entryOf } from '../../../shared/domain/article-entry.js';
import { categorySlug } from '../../../shared/domain/category.js';
import { type ArticleEvent, articleEventAttributes, articleEventOf } from '../../../shared/domain/events.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import type { Webhook, WebhookFilter } from '../../../shared/domain/webhook.js';
import { refuseLoopbackPorts } from '../../../shared/ingest/fetch/address-guard.js';
import type { WebhookSubscriptions } from '../../../shared/ports.js';
import {
  filterFromPolicy,
  listWebhooks,
  matchesFilterPolicy,
  registerWebhook,
  removeWebhook,
  type WebhookDeps,
  webhookFilterPolicy,
} from '../../../shared/syndicate/push/webhooks.js';
import { MemorySources } from '../../support/in-memory.js';

class MemoryWebhooks implements WebhookSubscriptions {
  readonly hooks: Webhook[] = [];
  readonly registrations: string[] = [];
  /** As SNS Subscribe: the same endpoint again is the same subscription. */
  async register(endpoint: string, filter: WebhookFilter) {
    this.registrations.push(endpoint);
    const existing = this.hooks.find((h) => h.endpoint === endpoint);
    if (existing) return existing;
    const hook: Webhook = {
      id: `hook-${this.hooks.length + 1}`,
      endpoint,
      filter,
      status: 'pending-confirmation',
    };
    this.hooks.push(hook);
    return hook;
  }
  async list() {
    return [...this.hooks];
  }
  async remove(id: string) {
    const i = this.hooks.findIndex((h) => h.id === id);
    if (i < 0) return false;
    this.hooks.splice(i, 1);
    return true;
  }
}

const DNS: Record<string, string[]> = {
  'aggregator.example.com': ['93.184.216.34'],
  'internal.example.com': ['10.0.0.7'],
  'rebind.example.com': ['93.184.216.34', '169.254.169.254'],
  localhost: ['127.0.0.1'],
};

async function deps(allowLoopback = false): Promise<WebhookDeps & { subscriptions: MemoryWebhooks }> {
  const sources = new MemorySources();
  await sources.put(
    SourceSchema.parse({
      id: 'bao-ha-nam',
      name: 'Báo Hà Nam',
      homepage: 'https://baohanam.com.vn/',
      kind: 'feed',
      urls: ['https://baohanam.com.vn/rss/tin-moi-nhat.rss'],
    }),
  );
  return {
    subscriptions: new MemoryWebhooks(),
    sources,
    allowLoopback,
    resolve: async (host) => {
      if (/^[\d.]+$/.test(host) || host.includes(':')) return [host];
      const found = DNS[host];
      if (!found) throw new Error('ENOTFOUND');
      return found;
    },
  };
}

async function refusal(input: unknown, allowLoopback = false): Promise<string> {
  try {
    await registerWebhook(input, await deps(allowLoopback));
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('registration was accepted');
}

describe('registerWebhook', () => {
  it('registers an https endpoint for a source or for a category (by name or slug)', async () => {
    const d = await deps();
    const bySource = await registerWebhook(
      { endpoint: 'https://aggregator.example.com/hooks/1', sourceId: 'bao-ha-nam' },
      d,
    );
    expect(bySource).toMatchObject({ filter: { kind: 'source', sourceId: 'bao-ha-nam' } });
    const byName = await registerWebhook(
      { endpoint: 'https://aggregator.example.com/hooks/2', category: 'Văn hóa' },
      d,
    );
    expect(byName.filter).toEqual({ kind: 'category', slug: 'van-hoa' });
    const bySlug = await registerWebhook(
      { endpoint: 'https://aggregator.example.com/hooks/3', category: 'dau-tu' },
      d,
    );
    expect(bySlug.filter).toEqual({ kind: 'category', slug: 'dau-tu' });
    // The same endpoint and filter again: the existing webhook (its pending confirmation sent again).
    const again = await registerWebhook(
      { endpoint: 'https://aggregator.example.com/hooks/2', category: 'VĂN HÓA' },
      d,
    );
    expect(again.id).toBe(byName.id);
    expect(d.subscriptions.registrations.filter((e) => e.endsWith('/hooks/2'))).toHaveLength(2);
    // Once confirmed, registering again changes nothing.
    d.subscriptions.hooks[1]!.status = 'confirmed';
    await registerWebhook({ endpoint: 'https://aggregator.example.com/hooks/2', category: 'van-hoa' }, d);
    expect(d.subscriptions.registrations.filter((e) => e.endsWith('/hooks/2'))).toHaveLength(2);
    // SNS keeps one subscription per endpoint: another filter needs another URL.
    await expect(
      registerWebhook({ endpoint: 'https://aggregator.example.com/hooks/2', category: 'Kinh tế' }, d),
    ).rejects.toThrow(/already receives category van-hoa; register another URL/);
    expect(await listWebhooks(d)).toHaveLength(3);
    // Another spelling of that endpoint, an empty query, is the same webhook; an empty '#' is refused
    // (attack run 20: each spelling was a webhook of its own, each event delivered once per spelling).
    const emptyQuery = await registerWebhook(
      { endpoint: 'https://aggregator.example.com/hooks/2?', category: 'van-hoa' },
      d,
    );
    expect(emptyQuery.id).toBe(byName.id);
    await expect(
      registerWebhook({ endpoint: 'https://aggregator.example.com/hooks/2#', category: 'van-hoa' }, d),
    ).rejects.toThrow(/#fragment/);
    // A line break in an endpoint is refused, not folded into it (attack run 24).
    await expect(
      registerWebhook({ endpoint: 'https://aggregator.example.com/hook\r\nX: y', category: 'van-hoa' }, d),
    ).rejects.toThrow(/no spaces, line breaks or tabs/);
    expect(await listWebhooks(d)).toHaveLength(3);
    expect(await listWebhooks(d, { kind: 'category', slug: 'van-hoa' })).toEqual([byName]);
    expect(await removeWebhook(byName.id, d)).toBe(true);
    expect(await removeWebhook(byName.id, d)).toBe(false);
  });

  it('takes escapes that spell the same address for one endpoint (RFC 3986 §6.2.2)', async () => {
    // Attack run 20: each spelling of one receiver was a webhook of its own, each event delivered
    // once per spelling.
    const d = await deps();
    const register = (endpoint: string) => registerWebhook({ endpoint, category: 'van-hoa' }, d);
    const first = await register('https://aggregator.example.com/hooks/%7euser?to=%c3%a0');
    expect(first.endpoint).toBe('https://aggregator.example.com/hooks/~user?to=%C3%A0');
    for (const spelling of [
      'https://aggregator.example.com/hooks/%7Euser?to=%C3%A0',
      'https://aggregator.example.com/%68ooks/~user?to=%c3%A0',
    ]) {
      expect((await register(spelling)).id).toBe(first.id);
    }
    // Reserved characters keep their escapes: '%2F' is no '/', '%26' no '&'.
    const reserved = await register('https://aggregator.example.com/hooks/a%2fb?x=%26');
    expect(reserved.endpoint).toBe('https://aggregator.example.com/hooks/a%2Fb?x=%26');
    expect(reserved.id).not.toBe(first.id);
    // One stored before in another spelling is the same endpoint, and keeps its own spelling.
    d.subscriptions.hooks.push({
      id: 'hook-old',
      endpoint: 'https://aggregator.example.com/old/%7ehook',
      filter: { kind: 'category', slug: 'van-hoa' },
      status: 'pending-confirmation',
    });
    expect((await register('https://aggregator.example.com/old/~hook')).id).toBe('hook-old');
    expect(d.subscriptions.registrations.at(-1)).toBe('https://aggregator.example.com/old/%7ehook');
    expect(await listWebhooks(d)).toHaveLength(3);
  });

  it.each([
    [{ endpoint: 'http://aggregator.example.com/hook', category: 'x' }, /must be https/],
    [{ endpoint: 'ftp://aggregator.example.com/hook', category: 'x' }, /must be https/],
    [{ endpoint: 'https://user:pw@aggregator.example.com/hook', category: 'x' }, /credentials/],
    [{ endpoint: 'not a url', category: 'x' }, /not a valid URL/],
    [{ endpoint: 'https://aggregator.example.com:0/hook', category: 'x' }, /port 0/],
    [{ endpoint: 'https://internal.example.com/hook', category: 'x' }, /private address/],
    [{ endpoint: 'https://rebind.example.com/hook', category: 'x' }, /linkLocal address/],
    [{ endpoint: 'https://10.1.2.3/hook', category: 'x' }, /private address/],
    [{ endpoint: 'https://[::1]/hook', category: 'x' }, /loopback address/],
    [{ endpoint: 'https://localhost/hook', category: 'x' }, /loopback address/],
    [{ endpoint: 'https://169.254.169.254/latest', category: 'x' }, /linkLocal address/],
    [{ endpoint: 'https://nowhere.example.com/hook', category: 'x' }, /does not resolve/],
    [
      { endpoint: 'https://aggregator.example.com/hook', sourceId: 'no-such-paper' },
      /no source "no-such-paper"/,
    ],
    [{ endpoint: 'https://aggregator.example.com/hook' }, /exactly one of sourceId or category/],
    [
      { endpoint: 'https://aggregator.example.com/hook', sourceId: 'bao-ha-nam', category: 'x' },
      /exactly one/,
    ],
    [{ endpoint: 'https://aggregator.example.com/hook', category: 'x', extra: 1 }, /extra|Unrecognized/i],
  ])('refuses %o', async (input, reason) => {
    expect(await refusal(input)).toMatch(reason);
  });

  it('accepts a receiver on loopback, over http, only in local mode', async () => {
    expect(await refusal({ endpoint: 'http://127.0.0.1:9999/hook', category: 'x' })).toMatch(/must be https/);
    const local = await deps(true);
    const hook = await registerWebhook({ endpoint: 'http://127.0.0.1:9999/hook', category: 'Xã hội' }, local);
    expect(hook).toMatchObject({
      endpoint: 'http://127.0.0.1:9999/hook',
      filter: { kind: 'category', slug: 'xa-hoi' },
    });
    // Local mode still refuses plain http off loopback, and private networks.
    expect(await refusal({ endpoint: 'http://aggregator.example.com/hook', category: 'x' }, true)).toMatch(
      /https/,
    );
    expect(await refusal({ endpoint: 'https://internal.example.com/hook', category: 'x' }, true)).toMatch(
      /private/,
    );
  });

  it('refuses, in local mode, the ports of the stand-ins of AWS, as the fetcher does', async () => {
    const allow = refuseLoopbackPorts([44275]);
    try {
      expect(await refusal({ endpoint: 'http://127.0.0.1:44275/', category: 'x' }, true)).toMatch(
        /port 44275 is a local stand-in of AWS/,
      );
      expect(await refusal({ endpoint: 'http://localhost:44275/hook', category: 'x' }, true)).toMatch(
        /stand-in/,
      );
    } finally {
      allow();
    }
  });
});

describe('registerWebhook, twice at once with different filters', () => {
  it('keeps the first and tells the second the URL is taken, as when they come one after the other', async () => {
    const d = await deps();
    const dir = mkdtempSync(join(tmpdir(), 'bantin-hooks-'));
    const subscriptions = new FileWebhookSubscriptions({
      file: join(dir, 'webhooks.json'),
      topicArn: 'arn:aws:sns:ap-southeast-1:000000000000:articles',
      publicBaseUrl: 'http://127.0.0.1:8787',
    });
    const endpoint = 'https://aggregator.example.com/hooks/9';
    const results = await Promise.allSettled([
      registerWebhook({ endpoint, sourceId: 'bao-ha-nam' }, { ...d, subscriptions }),
      registerWebhook({ endpoint, category: 'Văn hóa' }, { ...d, subscriptions }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const kept = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Webhook>).value;
    const refused = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(ValidationError);
    const named = kept.filter?.kind === 'source' ? 'source bao-ha-nam' : 'category van-hoa';
    expect(refused.message).toContain(`already receives ${named}; register another URL`);
    expect(await subscriptions.list()).toEqual([expect.objectContaining({ id: kept.id })]);
  });
});

describe('filter policies', () => {
  const event = (categories: string[], sourceId = 'bao-ha-nam'): ArticleEvent => ({
    type: 'article.published',
    articleId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    sourceId,
    canonicalUrl: 'https://baohanam.com.vn/tin/1.html',
    title: 'Tin',
    categories,
    language: 'vi',
    publishedAt: '2026-01-01T08:00:00+07:00',
    occurredAt: '2026-01-01T08:00:05+07:00',
  });
  /** The attributes as SNS hands them to an HTTPS subscriber (see SnsArticleEventPublisher). */
  const delivered = (e: ArticleEvent) =>
    Object.fromEntries(
      Object.entries(articleEventAttributes(e)).map(([name, value]) => [
        name,
        Array.isArray(value)
          ? { Type: 'String.Array', Value: JSON.stringify(value) }
          : { Type: 'String', Value: value },
      ]),
    );

  it('reach a webhook of a paper that ran the story too, from an event made from the stored body', () => {
    const story = {
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      sourceId: 'bao-ha-nam',
      url: 'https://baohanam.com.vn/tin/1.html',
      canonicalUrl: 'https://baohanam.com.vn/tin/1.html',
      title: 'Tin',
      publishedAt: '2026-01-01T08:00:00+07:00',
      updatedAt: '2026-01-01T08:00:00+07:00',
      categories: ['Xã hội'],
      fingerprint: 'aaaaaaaaaaaaaaaa',
      language: 'vi',
      alsoPublishedBy: [
        {
          sourceId: 'tin-tuc-quoc-gia',
          url: 'https://tintuc.example.vn/a.html',
          publishedAt: '2026-01-01T08:05:00+07:00',
        },
      ],
    } as unknown as Article;
    // What images re-hosted later announce: an event of the stored body's entry.
    const update = articleEventOf(entryOf(story), 'article.updated', '2026-01-01T09:00:00+07:00');
    expect(update.alsoListedIn).toEqual(['tin-tuc-quoc-gia']);
    expect(
      matchesFilterPolicy(
        webhookFilterPolicy({ kind: 'source', sourceId: 'tin-tuc-quoc-gia' }),
        delivered(update),
      ),
    ).toBe(true);
    expect(
      matchesFilterPolicy(
        webhookFilterPolicy({ kind: 'source', sourceId: 'bao-nam-dinh' }),
        delivered(update),
      ),
    ).toBe(false);
  });

  it('carry category slugs in the event attributes, so a slug filter matches any spelling', () => {
    expect(articleEventAttributes(event(['Văn hóa', 'VĂN HÓA', 'Đầu tư'])).category).toEqual([
      'dau-tu',
      'van-hoa',
    ]);
    expect(articleEventAttributes(event([])).category).toEqual(['(none)']);
    // A category named "None" is a category like another: its webhook gets its own articles only.
    const none = webhookFilterPolicy({ kind: 'category', slug: categorySlug('None') });
    expect(matchesFilterPolicy(none, delivered(event([])))).toBe(false);
    expect(matchesFilterPolicy(none, delivered(event(['None'])))).toBe(true);
  });

  it('keep apart categories whose names differ in words of another script (attack run 20)', () => {
    // Dropped, the Cyrillic words made these one category, and let a paper rename "Văn hóa".
    expect(categorySlug('Спорт 2024')).not.toBe(categorySlug('Политика 2024'));
    expect(categorySlug('Văn hóa — Казино Вулкан')).not.toBe(categorySlug('Văn hóa'));
    expect(categorySlug('Thể thao 体育')).not.toBe(categorySlug('Thể thao'));
    // Still one slug for one name however it is spelt (case, accents' encoding, spaces).
    expect(categorySlug('THỂ THAO  体育')).toBe(categorySlug('Thể thao 体育'.normalize('NFD')));
    expect(categorySlug('Thể thao 体育')).toMatch(/^the-thao-[0-9a-f]{8}$/);
    // Latin names keep their slugs, and names with no Latin letter theirs.
    expect(categorySlug('Văn hóa')).toBe('van-hoa');
    expect(categorySlug('Łódź')).toBe('odz');
    expect(categorySlug('中文')).toMatch(/^c-[0-9a-f]{8}$/);
    const policy = webhookFilterPolicy({ kind: 'category', slug: 'van-hoa' });
    expect(policy).toEqual({ category: ['van-hoa'] });
    expect(matchesFilterPolicy(policy, delivered(event(['Văn Hóa'.normalize('NFD')])))).toBe(true);
    expect(matchesFilterPolicy(policy, delivered(event(['Kinh tế', 'Văn hóa'])))).toBe(true);
    expect(matchesFilterPolicy(policy, delivered(event(['Kinh tế'])))).toBe(false);
    expect(matchesFilterPolicy(policy, delivered(event([])))).toBe(false);
  });

  it('match a source by id and round-trip through the policy JSON', () => {
    const policy = webhookFilterPolicy({ kind: 'source', sourceId: 'bao-ha-nam' });
    expect(matchesFilterPolicy(policy, delivered(event(['x'])))).toBe(true);
    expect(matchesFilterPolicy(policy, delivered(event(['x'], 'bao-nam-dinh')))).toBe(false);
    expect(filterFromPolicy(JSON.parse(JSON.stringify(policy)))).toEqual({
      kind: 'source',
      sourceId: 'bao-ha-nam',
    });
    expect(filterFromPolicy({ language: ['vi'] })).toBeUndefined();
  });
});

describe('HttpWebSubHub', () => {
  it('posts hub.mode=publish and hub.url for each feed, form-encoded', async () => {
    const requests: { url: string; body: string; type: string }[] = [];
    const hub = new HttpWebSubHub('https://hub.example.net/', {
      fetch: async (url, init) => {
        requests.push({
          url: String(url),
          body: String(init?.body),
          type: new Headers(init?.headers).get('content-type') ?? '',
        });
        return new Response(null, { status: 204 });
      },
    });
    await hub.publish(['https://f.example/feeds/all.rss', 'https://f.example/feeds/all.atom?x=1&y=2']);
    expect(requests.map((r) => new URLSearchParams(r.body).get('hub.url')).sort()).toEqual([
      'https://f.example/feeds/all.atom?x=1&y=2',
      'https://f.example/feeds/all.rss',
    ]);
    expect(requests.every((r) => new URLSearchParams(r.body).get('hub.mode') === 'publish')).toBe(true);
    expect(requests[0]).toMatchObject({
      url: 'https://hub.example.net/',
      type: 'application/x-www-form-urlencoded',
    });
  });

  it('logs a refusal or an unreachable hub and never throws', async () => {
    const logs: string[] = [];
    const failing = new HttpWebSubHub('https://hub.example.net/', {
      fetch: async (url) => {
        if (String(url).includes('hub')) throw new Error('connect ECONNREFUSED');
        return new Response(null, { status: 204 });
      },
      log: (_level, message) => logs.push(message),
    });
    await expect(failing.publish(['https://f.example/feeds/all.rss'])).resolves.toBeUndefined();
    const refusing = new HttpWebSubHub('https://hub.example.net/', {
      fetch: async () => new Response('no', { status: 400 }),
      log: (_level, message) => logs.push(message),
    });
    await refusing.publish(['https://f.example/feeds/all.rss']);
    expect(logs).toEqual(['WebSub hub unreachable', 'WebSub hub refused a ping']);
  });

  it('asks a hub that did not answer no more pings of the batch (attack run 35: one 5 s wait a ping)', async () => {
    const logs: string[] = [];
    let pings = 0;
    const hanging = new HttpWebSubHub('https://hub.example.net/', {
      concurrency: 1,
      fetch: async () => {
        pings++;
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
      log: (_level, message) => logs.push(message),
    });
    const feeds = Array.from({ length: 75 }, (_, n) => `https://f.example/feeds/${n}.rss`);
    await hanging.publish(feeds);
    expect(pings).toBe(1);
    expect(logs).toEqual([
      'WebSub hub unreachable',
      'WebSub hub not pinged for the other feeds of this batch',
    ]);
    // A hub that refuses a ping answers: it is asked the others.
    let asked = 0;
    const refusing = new HttpWebSubHub('https://hub.example.net/', {
      fetch: async () => {
        asked++;
        return new Response('no', { status: 400 });
      },
    });
    await refusing.publish(feeds);
    expect(asked).toBe(75);
  });
});
