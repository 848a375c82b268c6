import { PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { type Clipping, ClippingSchema, clippingKey, clippingRef, utcDay } from '../../mail/clipping.js';
import type { ClippingStore } from '../../mail/ports.js';
import { batchGetAll } from './batch-get.js';
import { batchDeleteAll, batchPutAll } from './batch-write.js';
import { documentClient } from './client.js';
import { writeIf } from './conditional-write.js';

/** Longer than the longest digest window (8 days), with room for retries and redrives. */
const KEEP_DAYS = 35;

/**
 * Clippings table: partition `day` (UTC date of recording; `{day}#copies` for papers' copies of
 * stored stories), sort `articleId` (the clipping's key: the article's id, `{id}@{paper}` for a copy). A digest window
 * reads the few days it spans with strongly consistent queries, so a clipping recorded before
 * the planner started is never missed. `expiresAt` is the TTL attribute; reads skip expired
 * items themselves (the embedded stand-in has no TTL).
 */
export class DynamoClippingStore implements ClippingStore {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async record(clipping: Clipping): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: itemOf(clipping),
          ConditionExpression: 'attribute_not_exists(articleId)',
        }),
      ),
    );
  }

  async recordMany(clippings: Clipping[]): Promise<boolean[]> {
    // Read, then written in batches (which take no condition): only two deliveries of one event
    // at the same moment can both write, and then its recording time moves by milliseconds.
    const keyOf = (item: Record<string, unknown>) => `${dayOf(item)}/${String(item.articleId)}`;
    // A clipping twice in the list is stored once, by its first mention.
    const fresh = new Map<string, number>();
    clippings.forEach((c, n) => {
      const ref = clippingRef(c);
      if (!fresh.has(ref)) fresh.set(ref, n);
    });
    const keys = [...fresh.values()].map((n) => keyOfClipping(clippings[n]!));
    for (const item of await batchGetAll(this.db, this.tableName, keys)) fresh.delete(keyOf(item));
    const stored = new Set(fresh.values());
    await batchPutAll(
      this.db,
      this.tableName,
      [...stored].map((n) => itemOf(clippings[n]!)),
    );
    return clippings.map((_, n) => stored.has(n));
  }

  async recordedBetween(since: Date, until: Date): Promise<Clipping[]> {
    const from = since.toISOString();
    const to = until.toISOString();
    const now = Math.floor(Date.now() / 1000);
    const found: Clipping[] = [];
    for (const day of daysBetween(since, until).flatMap((d) => [d, `${d}${COPIES}`])) {
      const pages = paginateQuery(
        { client: this.db },
        {
          TableName: this.tableName,
          KeyConditionExpression: '#day = :day',
          FilterExpression: 'recordedAt >= :from AND recordedAt < :to',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day, ':from': from, ':to': to },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) if (Number(item.expiresAt) > now) found.push(toClipping(item));
      }
    }
    return found.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  }

  async getMany(refs: string[]): Promise<Clipping[]> {
    const keys = [...new Set(refs)].flatMap((ref) => {
      const [day, articleId] = ref.split('/');
      return day && articleId ? [storedKey(day, articleId)] : [];
    });
    return (await batchGetAll(this.db, this.tableName, keys)).map(toClipping);
  }

  async replaceMany(clippings: Clipping[]): Promise<void> {
    await batchPutAll(this.db, this.tableName, clippings.map(itemOf));
  }

  async removeMany(refs: string[]): Promise<void> {
    const keys = [...new Set(refs)].flatMap((ref) => {
      const [day, articleId] = ref.split('/');
      return day && articleId ? [storedKey(day, articleId)] : [];
    });
    await batchDeleteAll(this.db, this.tableName, keys);
  }
}

function expiry(clipping: Clipping): number {
  return Math.floor(Date.parse(clipping.recordedAt) / 1000) + KEEP_DAYS * 86_400;
}

function daysBetween(since: Date, until: Date): string[] {
  const days: string[] = [];
  for (let at = Date.parse(utcDay(since)); at <= until.getTime(); at += 86_400_000)
    days.push(utcDay(new Date(at)));
  return days;
}

/**
 * Copies are kept in a partition of their own for their day (`2026-12-02#copies`): a version of
 * Bantin before them never reads it (it would refuse their keys, and plan no digest), so it can be
 * rolled back to.
 */
const COPIES = '#copies';

function keyOfClipping(clipping: Clipping): { day: string; articleId: string } {
  return storedKey(clipping.day, clippingKey(clipping));
}

/** The table key of the clipping recorded on `day` under `key` (a copy's names its paper after an `@`). */
function storedKey(day: string, key: string): { day: string; articleId: string } {
  return { day: key.includes('@') ? `${day}${COPIES}` : day, articleId: key };
}

/** The day a stored item was recorded on (its partition, less the copies' suffix). */
function dayOf(item: Record<string, unknown>): string {
  return String(item.day).replace(COPIES, '');
}

/** The item of a clipping: its sort key `articleId` is the clipping's key (a copy's names its paper too). */
function itemOf(clipping: Clipping): Record<string, unknown> {
  const parsed = ClippingSchema.parse(clipping);
  return { ...parsed, ...keyOfClipping(parsed), expiresAt: expiry(parsed) };
}

function toClipping(item: Record<string, unknown>): Clipping {
  const { expiresAt: _expiresAt, ...clipping } = item;
  return ClippingSchema.parse({
    ...clipping,
    day: dayOf(item),
    articleId: String(clipping.articleId).split('@')[0],
  });
}
