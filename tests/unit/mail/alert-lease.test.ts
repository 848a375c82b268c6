/** The lease of a reserved alert: what a lost alert keeps when it goes again, and a confirmation that fails. */
import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../shared/domain/article.js';
import type { ArticleEvent } from '../../../shared/domain/events.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import { ALERT_LEASE_MS, ALERT_LIMITS, processAlerts } from '../../../shared/mail/send-alerts.js';
import {
  confirmedSubscriber,
  MemoryClippings,
  MemoryDeliveries,
  MemoryMailer,
  MemorySubscribers,
  settings,
  signer,
} from '../../support/mail-memory.js';

const person = (email: string, frequency: Subscriber['preferences']['frequency'], keywords: string[] = []) =>
  confirmedSubscriber(email, { frequency, keywords });
const articles = new Map<string, Article>();
function article(n: number, title: string): ArticleEvent {
  const id = n.toString(16).padStart(24, 'a');
  articles.set(id, {
    id,
    sourceId: 'bao-ha-nam',
    url: `https://baohanam.example/${n}.html`,
    canonicalUrl: `https://baohanam.example/${n}.html`,
    title,
    summary: `Tóm tắt ${n}`,
    contentHtml: '<p>x</p>',
    contentText: 'x',
    publishedAt: '2026-11-27T08:00:00+07:00',
    updatedAt: '2026-11-27T08:00:00+07:00',
    author: '',
    images: [],
    categories: ['Xã hội'],
    attribution: '',
    language: 'vi',
    fingerprint: `${n}`.padStart(32, '0'),
    ingestedAt: '2026-11-27T08:00:00+07:00',
  });
  return {
    type: 'article.published',
    articleId: id,
    sourceId: 'bao-ha-nam',
    canonicalUrl: `https://baohanam.example/${n}.html`,
    title,
    categories: ['Xã hội'],
    language: 'vi',
    publishedAt: '2026-11-27T08:00:00+07:00',
    occurredAt: '2026-11-27T08:00:00+07:00',
  };
}
async function setup() {
  const subscribers = new MemorySubscribers();
  const fan = person('fan@example.vn', 'instant', ['Hà Nam']);
  await subscribers.save(fan, undefined);
  const mailer = new MemoryMailer();
  let now = new Date('2026-11-27T01:00:00Z');
  const deliveries = new MemoryDeliveries();
  const deps = {
    articles: { resolveMany: async () => new Map() },
    content: { getArticle: async (id: string) => articles.get(id) },
    clippings: new MemoryClippings(),
    subscribers,
    deliveries,
    sources: { list: async () => [] },
    mailer,
    signer,
    settings,
    now: () => now,
  };
  return { fan, deps, deliveries, mailer, setNow: (at: string | number) => (now = new Date(at)) };
}
const dying = { send: () => new Promise<never>(() => {}) };

describe('alert lease', () => {
  it('a lost alert, sent again, still counts the articles that waited beyond the kept list (overflow)', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    for (let n = 0; n < ALERT_LIMITS.perHour; n++) {
      setNow(`2026-11-27T01:${String(10 + n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(200 + n, `Hà Nam tin đầu ${n}`)], flushFor: [] }, deps);
    }
    setNow('2026-11-27T01:30:00Z');
    const late = Array.from({ length: 150 }, (_, i) => article(300 + i, `Hà Nam tin muộn ${300 + i}`));
    await processAlerts({ events: late, flushFor: [] }, deps);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.overflow).toBe(50);
    // The next hour's flush: the invocation dies inside the mail call.
    setNow('2026-11-27T02:00:30Z');
    void processAlerts({ events: [], flushFor: [fan.id] }, { ...deps, mailer: dying });
    await vi.waitFor(async () =>
      expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toHaveLength(1),
    );
    // Its lease ends; the planner's flush sends it again.
    setNow(Date.parse('2026-11-27T02:00:30Z') + ALERT_LEASE_MS + 60_000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    const last = (await mailer.parsed()).at(-1)!;
    // As the giveBack path (a failed send) keeps it: 150 articles, 130 counted.
    expect(last.subject).toBe('Bantin: 150 tin mới theo lựa chọn của bạn');
  });

  it('a lost alert sent again in the same hour uses one slot of the hourly cap, not two', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    void processAlerts(
      { events: [article(12, 'Hà Nam khánh thành cầu')], flushFor: [] },
      { ...deps, mailer: dying },
    );
    await vi.waitFor(async () =>
      expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toHaveLength(1),
    );
    setNow(Date.parse('2026-11-27T01:00:00Z') + ALERT_LEASE_MS + 1000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(1);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.sentThisHour).toBe(1);
  });

  it('a sent alert whose confirmation read fails once is not mailed a second time (nor silently)', async () => {
    const { deps, mailer, fan, setNow, deliveries } = await setup();
    const logs: string[] = [];
    const get = deliveries.getAlertState.bind(deliveries);
    let failNextRead = false;
    deliveries.getAlertState = async (id: string) => {
      if (failNextRead) {
        failNextRead = false;
        throw new Error('ProvisionedThroughputExceededException');
      }
      return get(id);
    };
    const sending = {
      send: async (m: Parameters<MemoryMailer['send']>[0]) => {
        const sent = await mailer.send(m);
        failNextRead = true;
        return sent;
      },
    };
    await processAlerts(
      { events: [article(12, 'Hà Nam khánh thành cầu')], flushFor: [] },
      { ...deps, mailer: sending, log: (_level: string, message: string) => logs.push(message) },
    );
    expect(mailer.sent).toHaveLength(1);
    // The lease stayed (one read failed), with no warning logged…
    expect((await deliveries.getAlertState(fan.id))?.state.sending, 'lease left behind').toBeUndefined();
    // …so after it ends the same alert goes again.
    setNow(Date.parse('2026-11-27T01:00:00Z') + ALERT_LEASE_MS + 1000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(1);
  });
});
