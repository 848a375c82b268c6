import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { clientOf, type Platform } from '../../../functions/platform.js';

/** A request handler that records each request's body and answers an empty item. */
function recordingHandler(bodies: string[]) {
  return {
    async handle(request: { body?: string | Uint8Array }) {
      const { body } = request;
      bodies.push(typeof body === 'string' ? body : Buffer.from(body ?? []).toString('utf-8'));
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([Buffer.from('{}')]),
        },
      };
    },
  };
}

const settings = { region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

describe('the SDK clients functions make', () => {
  const platform: Platform = { env: {}, clientConfig: () => settings };

  it('build a command’s middleware chain once per command class, except DynamoDB’s', () => {
    const s3 = clientOf(platform, 's3', 's3', (config) => new S3Client(config));
    const dynamodb = clientOf(platform, 'dynamodb', 'dynamodb', (config) => new DynamoDBClient(config));
    expect(s3.config.cacheMiddleware).toBe(true);
    expect(dynamodb.config.cacheMiddleware).toBe(false);
  });

  it('leave DynamoDB’s uncached: lib-dynamodb’s document client, which shares its settings, refuses it', async () => {
    const sendKeys = async (cacheMiddleware: boolean) => {
      const bodies: string[] = [];
      const client = new DynamoDBClient({
        ...settings,
        cacheMiddleware,
        requestHandler: recordingHandler(bodies),
      });
      const documents = DynamoDBDocumentClient.from(client);
      await documents.send(new GetCommand({ TableName: 't', Key: { id: 'first' } }));
      await documents.send(new GetCommand({ TableName: 't', Key: { id: 'second' } }));
      return bodies.map((body) => (JSON.parse(body) as { Key: { id: { S: string } } }).Key.id.S);
    };
    expect(await sendKeys(false)).toEqual(['first', 'second']);
    await expect(sendKeys(true)).rejects.toThrow(/cacheMiddleware=true is not compatible/);
  });
});
