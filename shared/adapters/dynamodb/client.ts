/**
 * The DynamoDB document client. The wiring makes one per function from its platform's settings
 * (makeDocumentClient); adapters made without one share a default, with the SDK's own settings.
 * One module per SDK client, so a function's bundle imports only the clients its adapters use.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const makeDocumentClient = (config: Record<string, unknown> = {}) =>
  documentClientOver(new DynamoDBClient(config));

/** A document client over `client`: the same connections and settings (one client per function). */
export const documentClientOver = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

let documents: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  documents ??= makeDocumentClient();
  return documents;
}
