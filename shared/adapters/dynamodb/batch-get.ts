import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem's cap on keys per request. */
const KEYS_PER_REQUEST = 100;
/** Tries of one request's keys before giving up: about 4.5 s of back-off in all. */
const MAX_ATTEMPTS = 9;

/**
 * Reads the items of `keys` (any order; missing ones are left out), 100 keys a request. Keys
 * DynamoDB leaves unprocessed (throttling) are asked again with exponential back-off; if some
 * still are after MAX_ATTEMPTS, this throws rather than return a silently partial answer.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, unknown>[],
  options: { consistentRead?: boolean; sleep?: (ms: number) => Promise<void> } = {},
): Promise<Record<string, unknown>[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + KEYS_PER_REQUEST);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) {
        throw new Error(
          `DynamoDB left ${pending.length} of ${keys.length} reads of table ${tableName} unprocessed after ${MAX_ATTEMPTS} tries`,
        );
      }
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const response = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistentRead } },
        }),
      );
      items.push(...(response.Responses?.[tableName] ?? []));
      pending = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
