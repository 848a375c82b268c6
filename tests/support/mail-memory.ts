/** In-memory implementations of the mail ports, for unit tests of the mail use cases. */
import { simpleParser } from 'mailparser';
import type { SubscriberStats, SubscriberStatus } from '../../shared/admin/subscribers.js';
import type { OutgoingMail } from '../../shared/domain/outgoing-mail.js';
import {
  type Subscriber,
  type SubscriptionPreferences,
  SubscriptionPreferencesSchema,
} from '../../shared/domain/subscriber.js';
import { type Clipping, clippingRef } from '../../shared/mail/clipping.js';
import type {
  ClippingStore,
  DeliveryLog,
  JobQueue,
  RenderedDigestStore,
  SubscriberRepository,
} from '../../shared/mail/ports.js';
import type { AlertState, RenderedDigest, SubscriberRecord } from '../../shared/mail/records.js';
import { TokenSigner } from '../../shared/mail/tokens.js';
import type { Mailer } from '../../shared/ports.js';

/** The subscriber store, and its counts by status kept as the DynamoDB adapter keeps them (on each change). */
export class MemorySubscribers implements SubscriberRepository, SubscriberStats {
  readonly records = new Map<string, SubscriberRecord>();
  private readonly counts: Record<SubscriberStatus, number> = {
    pending: 0,
    confirmed: 0,
    unsubscribed: 0,
    suppressed: 0,
  };
  async countByStatus() {
    return { ...this.counts };
  }
  async get(id: string) {
    return this.records.get(id);
  }
  async getMany(ids: string[]) {
    return [...new Set(ids)].flatMap((id) => (this.records.has(id) ? [this.records.get(id)!] : []));
  }
  async save(subscriber: Subscriber, expectedVersion: number | undefined) {
    const current = this.records.get(subscriber.id);
    if ((current?.version ?? undefined) !== expectedVersion) return undefined;
    const version = (expectedVersion ?? 0) + 1;
    this.records.set(subscriber.id, { subscriber: structuredClone(subscriber), version });
    if (current?.subscriber.status !== subscriber.status) {
      if (current) this.counts[current.subscriber.status]--;
      this.counts[subscriber.status]++;
    }
    return version;
  }
  async dueForDigest(now: Date) {
    return [...this.records.values()].filter(
      ({ subscriber: s }) =>
        s.status === 'confirmed' &&
        s.preferences.frequency !== 'instant' &&
        s.nextDigestAt !== undefined &&
        Date.parse(s.nextDigestAt) <= now.getTime(),
    );
  }
  async instantSubscribers() {
    return [...this.records.values()].filter(
      ({ subscriber: s }) => s.status === 'confirmed' && s.preferences.frequency === 'instant',
    );
  }
}

export class MemoryDeliveries implements DeliveryLog {
  readonly items = new Map<string, Record<string, unknown>>();
  readonly alertStates = new Map<string, { state: AlertState; version: number }>();
  async hit(key: string, windowSeconds: number, now: Date) {
    const item = this.items.get(key);
    if (item && (item.expiresAt as number) > now.getTime()) {
      item.hits = (item.hits as number) + 1;
      return item.hits as number;
    }
    this.items.set(key, { hits: 1, expiresAt: now.getTime() + windowSeconds * 1000 });
    return 1;
  }
  async claimSend(key: string, leaseSeconds: number, now: Date) {
    const item = this.items.get(key);
    if (item && (item.state === 'sent' || (item.leaseUntil as number) > now.getTime())) return false;
    this.items.set(key, { state: 'sending', leaseUntil: now.getTime() + leaseSeconds * 1000 });
    return true;
  }
  async completeSend(key: string, details: { messageId: string; at: Date }) {
    this.items.set(key, { state: 'sent', ...details });
  }
  async releaseSend(key: string) {
    if (this.items.get(key)?.state === 'sending') this.items.delete(key);
  }
  async getAlertState(subscriberId: string) {
    const found = this.alertStates.get(subscriberId);
    return found ? structuredClone(found) : undefined;
  }
  async saveAlertState(state: AlertState, expectedVersion: number | undefined) {
    if (this.alertStates.get(state.subscriberId)?.version !== expectedVersion) return false;
    this.alertStates.set(state.subscriberId, {
      state: structuredClone(state),
      version: (expectedVersion ?? 0) + 1,
    });
    return true;
  }
  async pendingAlerts() {
    return [...this.alertStates.values()]
      .map((s) => s.state)
      .filter((s) => s.pending.length > 0 || (s.sending?.length ?? 0) > 0);
  }
}

export class MemoryClippings implements ClippingStore {
  readonly items = new Map<string, Clipping>();
  async record(clipping: Clipping) {
    const key = clippingRef(clipping);
    if (this.items.has(key)) return false;
    this.items.set(key, clipping);
    return true;
  }
  async recordMany(clippings: Clipping[]) {
    const stored: boolean[] = [];
    for (const clipping of clippings) stored.push(await this.record(clipping));
    return stored;
  }
  async recordedBetween(since: Date, until: Date) {
    return [...this.items.values()]
      .filter((c) => c.recordedAt >= since.toISOString() && c.recordedAt < until.toISOString())
      .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  }
  async getMany(refs: string[]) {
    return [...new Set(refs)].flatMap((ref) => (this.items.has(ref) ? [this.items.get(ref)!] : []));
  }
  async replaceMany(clippings: Clipping[]) {
    for (const clipping of clippings) this.items.set(clippingRef(clipping), clipping);
  }
  async removeMany(refs: string[]) {
    for (const ref of refs) this.items.delete(ref);
  }
}

export class MemoryRenders implements RenderedDigestStore {
  readonly items = new Map<string, RenderedDigest>();
  async put(key: string, digest: RenderedDigest) {
    this.items.set(key, digest);
  }
  async get(key: string) {
    return this.items.get(key);
  }
}

export class MemoryQueue<T> implements JobQueue<T> {
  readonly sent: T[] = [];
  async send(items: T[]) {
    this.sent.push(...items);
  }
}

/** Keeps every message; `failFor` makes sends to those addresses throw. */
export class MemoryMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  readonly failFor = new Set<string>();
  async send(mail: OutgoingMail) {
    if (this.failFor.has(mail.to)) throw new Error(`mailbox of ${mail.to} unavailable`);
    this.sent.push(mail);
    return { messageId: `memory-${this.sent.length}` };
  }
  /** The sent messages parsed by mailparser (an independent MIME parser). */
  parsed() {
    return Promise.all(this.sent.map((m) => simpleParser(Buffer.from(m.raw))));
  }
}

/** A clipping numbered `n`: distinct ids, story keys and recording hours. */
export function clipping(n: number, overrides: Partial<Clipping> = {}): Clipping {
  return {
    articleId: n.toString(16).padStart(24, '0'),
    day: '2026-11-26',
    recordedAt: `2026-11-26T${String(10 + (n % 10)).padStart(2, '0')}:00:00.000Z`,
    sourceId: 'bao-ha-nam',
    title: `Bài số ${n}`,
    summary: '',
    url: `https://baohanam.example/bai-${n}.html`,
    publishedAt: '2026-11-26T08:00:00+07:00',
    categories: [],
    storyKey: `story-${n}`,
    ...overrides,
  };
}

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** The tests' link signer and mail settings. */
export const signer = new TokenSigner(SECRET);
export const settings = { from: 'Bantin <ban-tin@bantin.example>', apiBaseUrl: 'https://api.bantin.example' };

/** A confirmed subscriber with the default preferences but for `preferences`; `more` sets other fields. */
export function confirmedSubscriber(
  email: string,
  preferences: Partial<SubscriptionPreferences> = {},
  more: Partial<Subscriber> = {},
): Subscriber {
  const at = '2026-11-20T00:00:00Z';
  return {
    id: signer.subscriberId(email),
    email,
    status: 'confirmed',
    preferences: { ...SubscriptionPreferencesSchema.parse({}), ...preferences },
    createdAt: at,
    confirmedAt: at,
    ...more,
  };
}
