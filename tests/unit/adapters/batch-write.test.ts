/**
 * BatchWriteItem may leave items unprocessed (throttling): they are written again with
 * back-off, and the write throws rather than end partial.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchPutAll } from '../../../shared/adapters/dynamodb/batch-write.js';

/** A table that writes at most `perRequest` items of each BatchWrite. */
function throttledTable(perRequest: number) {
  const requests: number[] = [];
  const written: string[] = [];
  const client = {
    async send(command: unknown) {
      if (!(command instanceof BatchWriteCommand)) throw new Error('only BatchWrite is expected');
      const [table, writes] = Object.entries(command.input.RequestItems ?? {})[0]!;
      requests.push(writes.length);
      for (const write of writes.slice(0, perRequest)) written.push(String(write.PutRequest?.Item?.id));
      const left = writes.slice(perRequest);
      return { UnprocessedItems: left.length > 0 ? { [table]: left } : {} };
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, requests, written };
}

const items = (count: number) => Array.from({ length: count }, (_, n) => ({ id: `k${n}` }));

describe('batchPutAll', () => {
  it('writes unprocessed items again, waiting longer each time, until every item is written', async () => {
    const { client, requests, written } = throttledTable(3);
    const waits: number[] = [];
    await batchPutAll(client, 't', items(7), { sleep: async (ms) => void waits.push(ms) });
    expect(written.sort()).toEqual(items(7).map((i) => i.id));
    expect(requests).toEqual([7, 4, 1]);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
  });

  it('throws naming the table and what is left, never ending partial', async () => {
    const { client } = throttledTable(0);
    await expect(batchPutAll(client, 'articles', items(7), { sleep: async () => {} })).rejects.toThrow(
      /7 of 7 writes to table articles unprocessed/,
    );
  });

  it('writes more than 25 items in requests of at most 25, and nothing for none', async () => {
    const { client, requests } = throttledTable(25);
    await batchPutAll(client, 't', items(60));
    await batchPutAll(client, 't', []);
    expect(requests).toEqual([25, 25, 10]);
  });
});
