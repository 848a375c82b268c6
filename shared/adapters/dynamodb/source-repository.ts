import { DeleteCommand, GetCommand, PutCommand, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Source, SourceSchema } from '../../domain/source.js';
import {
  NEW_SOURCE_HEALTH,
  type SourceHealth,
  SourceHealthSchema,
  type SourceRecord,
} from '../../domain/source-record.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { SourceRepository } from '../../ports.js';
import { documentClient } from '../aws-clients.js';
import { writeIf } from './conditional-write.js';

/** Sources table: one item per source, `config` (validated on every read) and `health`. */
export class DynamoSourceRepository implements SourceRepository {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async list(): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    for await (const page of paginateScan({ client: this.db }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) records.push(toRecord(item));
    }
    return records.sort((a, b) => a.source.id.localeCompare(b.source.id));
  }

  async get(id: string): Promise<SourceRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { id } }));
    return Item ? toRecord(Item) : undefined;
  }

  async put(source: Source): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: source.id },
        UpdateExpression: 'SET config = :config, health = if_not_exists(health, :health)',
        ExpressionAttributeValues: { ':config': source, ':health': NEW_SOURCE_HEALTH },
      }),
    );
  }

  async create(source: Source): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: source.id, config: source, health: NEW_SOURCE_HEALTH },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
  }

  async remove(id: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { id }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async recordPoll(id: string, health: SourceHealth): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id },
        UpdateExpression: 'SET health = :health',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeValues: { ':health': health },
      }),
    );
  }
}

function toRecord(item: Record<string, unknown>): SourceRecord {
  return {
    source: parseOrThrow(SourceSchema, item.config, `source ${String(item.id)}`),
    health: parseOrThrow(
      SourceHealthSchema,
      item.health ?? NEW_SOURCE_HEALTH,
      `health of source ${String(item.id)}`,
    ),
  };
}
