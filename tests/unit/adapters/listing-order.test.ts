import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoArticleRepository } from '../../../shared/adapters/dynamodb/article-repository.js';
import { listingOf } from '../../../shared/domain/feed-listing.js';
import { entry } from '../../contract/article-repository.js';

/** A document client that answers a batch read with nothing stored and records every batch write. */
function recordingClient() {
  const writes: Record<string, string>[][] = [];
  const client = {
    send: async (command: unknown) => {
      if (command instanceof BatchGetCommand) return { Responses: {} };
      if (command instanceof BatchWriteCommand) {
        const requests = Object.values(command.input.RequestItems ?? {})[0] ?? [];
        writes.push(requests.map((request) => request.PutRequest!.Item as Record<string, string>));
        return {};
      }
      if (command instanceof PutCommand) return {};
      throw new Error(`unexpected ${String(command)}`);
    },
  };
  return { writes, client: client as unknown as DynamoDBDocumentClient };
}

describe('DynamoArticleRepository.createMany: listing items', () => {
  it('writes them oldest key first across its batch requests, so a reader between two sees no gap', async () => {
    const { writes, client } = recordingClient();
    const articles = new DynamoArticleRepository('articles', client);
    // Stored in the order opposite to the batch's: ten articles in three feeds each, two requests.
    const batch = Array.from({ length: 10 }, (_, i) => {
      const e = entry(i + 1, { categories: [i % 2 ? 'Kinh tế' : 'Xã hội'] });
      return { entry: e, listing: listingOf(e, new Date(Date.UTC(2026, 10, 30, 0, 0, 10 - i))) };
    });
    await articles.createMany(batch);
    expect(writes.map((request) => request.length)).toEqual([25, 5]);
    const keys = writes.flat().map((item) => `${item.listedKey}|${item.id}`);
    expect(keys).toEqual([...keys].sort());
    // Every feed's newest key in the first request is older than its oldest in the second.
    for (const feed of ['all', 'sources/bao-ha-nam']) {
      const [first, second] = writes.map((request) =>
        request.filter((item) => item.listing === feed).map((item) => item.listedKey!),
      );
      expect(first!.at(-1)! < second![0]!, feed).toBe(true);
    }
  });
});
