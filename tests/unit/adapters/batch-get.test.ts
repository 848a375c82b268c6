/**
 * BatchGetItem may leave keys unprocessed (throttling). Both adapters that read in batches ask
 * for them again with back-off, and throw rather than return a partial answer.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchGetAll } from '../../../shared/adapters/dynamodb/batch-get.js';
import { DynamoClippingStore } from '../../../shared/adapters/dynamodb/clipping-store.js';
import { clipping } from '../../support/mail-memory.js';

type Key = Record<string, unknown>;

/** A table of `items` (keyed by `keyOf`) that processes at most `perRequest` keys of each BatchGet. */
function throttledTable(items: Key[], keyOf: (item: Key) => string, perRequest: number) {
  const requests: number[] = [];
  const client = {
    async send(command: unknown) {
      if (!(command instanceof BatchGetCommand)) throw new Error('only BatchGet is expected');
      const [table, request] = Object.entries(command.input.RequestItems ?? {})[0]!;
      const keys = request.Keys ?? [];
      requests.push(keys.length);
      const served = keys.slice(0, perRequest);
      const left = keys.slice(perRequest);
      return {
        Responses: { [table]: items.filter((item) => served.some((key) => keyOf(key) === keyOf(item))) },
        UnprocessedKeys: left.length > 0 ? { [table]: { Keys: left } } : {},
      };
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, requests };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('batchGetAll', () => {
  const items = Array.from({ length: 7 }, (_, n) => ({ id: `k${n}`, value: n }));
  const keyOf = (item: Key) => String(item.id);

  it('asks again for unprocessed keys, waiting longer each time, until every item is read', async () => {
    const { client, requests } = throttledTable(items, keyOf, 3);
    const waits: number[] = [];
    const read = await batchGetAll(
      client,
      't',
      items.map(({ id }) => ({ id })),
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(read.map(keyOf).sort()).toEqual(items.map(keyOf));
    expect(requests).toEqual([7, 4, 1]);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
  });

  it('throws naming the table and what is left, never a partial answer', async () => {
    const { client, requests } = throttledTable(items, keyOf, 0);
    await expect(
      batchGetAll(
        client,
        'subscribers',
        items.map(({ id }) => ({ id })),
        { sleep: async () => {} },
      ),
    ).rejects.toThrow(/7 of 7 reads of table subscribers unprocessed/);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('reads more than 100 keys in requests of at most 100', async () => {
    const many = Array.from({ length: 250 }, (_, n) => ({ id: `k${n}` }));
    const { client, requests } = throttledTable(many, keyOf, 100);
    expect(await batchGetAll(client, 't', many)).toHaveLength(250);
    expect(requests).toEqual([100, 100, 50]);
  });
});

describe('DynamoClippingStore.getMany', () => {
  const stored = [1, 2, 3].map((n) => clipping(n));
  const keyOf = (item: Key) => `${String(item.day)}/${String(item.articleId)}`;
  const refs = stored.map((c) => `${c.day}/${c.articleId}`);

  it('reads every clipping when DynamoDB leaves some keys for later', async () => {
    const { client } = throttledTable(stored, keyOf, 1);
    vi.useFakeTimers();
    const reading = new DynamoClippingStore('clippings', client).getMany(refs);
    await vi.runAllTimersAsync();
    expect((await reading).map((c) => c.articleId).sort()).toEqual(stored.map((c) => c.articleId));
  });

  it('fails rather than return some of the clippings when DynamoDB keeps refusing', async () => {
    const { client } = throttledTable(stored, keyOf, 0);
    vi.useFakeTimers();
    const reading = new DynamoClippingStore('clippings', client).getMany(refs);
    const failed = expect(reading).rejects.toThrow(/3 of 3 reads of table clippings unprocessed/);
    await vi.runAllTimersAsync();
    await failed;
  });
});
