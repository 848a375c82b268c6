import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem's cap on items per request. */
const ITEMS_PER_REQUEST = 25;
/** Tries of one request's items before giving up: about 4.5 s of back-off in all. */
const MAX_ATTEMPTS = 9;

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * Puts `items` (unconditionally: BatchWriteItem takes no conditions), 25 a request. Items
 * DynamoDB leaves unprocessed (throttling) are written again with exponential back-off; if
 * some still are after MAX_ATTEMPTS, this throws rather than leave a silently partial write.
 */
export async function batchPutAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  options: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  await batchWriteAll(
    db,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
    options,
  );
}

/** Deletes the items of these keys, as batchPutAll puts (a missing item is no error). */
export async function batchDeleteAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Record<string, unknown>[],
  options: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  await batchWriteAll(
    db,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    options,
  );
}

async function batchWriteAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
  options: { sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let i = 0; i < requests.length; i += ITEMS_PER_REQUEST) {
    let pending = requests.slice(i, i + ITEMS_PER_REQUEST);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) {
        throw new Error(
          `DynamoDB left ${pending.length} of ${requests.length} writes to table ${tableName} unprocessed after ${MAX_ATTEMPTS} tries`,
        );
      }
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const response = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (response.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
        if (request.PutRequest?.Item) return [{ PutRequest: { Item: request.PutRequest.Item } }];
        if (request.DeleteRequest?.Key) return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
        return [];
      });
    }
  }
}
