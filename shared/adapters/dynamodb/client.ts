/**
 * The DynamoDB document client, created once per process (Lambda reuses it across invocations).
 * One module per SDK client, so a function's bundle imports only the clients its adapters use.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documents: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}
