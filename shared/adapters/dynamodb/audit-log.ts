import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, AuditEntrySchema } from '../../domain/audit-entry.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { AuditLog } from '../../ports.js';
import { documentClient } from './client.js';

/** Partition of the `byTime` index: every entry, newest first by its time-sortable id. */
const LOG = 'admin';

/**
 * Audit table: one item per administrator change, keyed by its time-sortable id, listed
 * newest first through `byTime` (all entries) and `byTarget` (one source, one subscriber…).
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...entry, log: LOG },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  async list(query: { target?: string; limit: number; before?: string }): Promise<AuditEntry[]> {
    const byTarget = query.target !== undefined;
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byTarget ? 'byTarget' : 'byTime',
        KeyConditionExpression: `${byTarget ? '#target' : '#log'} = :key${query.before ? ' AND id < :before' : ''}`,
        ExpressionAttributeNames: byTarget ? { '#target': 'target' } : { '#log': 'log' },
        ExpressionAttributeValues: {
          ':key': byTarget ? query.target : LOG,
          ...(query.before ? { ':before': query.before } : {}),
        },
        ScanIndexForward: false,
        Limit: query.limit,
      }),
    );
    // The index key `log` is dropped by the schema.
    return Items.map((item) => parseOrThrow(AuditEntrySchema, item, `audit entry ${String(item.id)}`));
  }
}
