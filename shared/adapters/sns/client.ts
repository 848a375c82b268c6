/** The SNS client (see dynamodb/client.ts). */
import { SNSClient } from '@aws-sdk/client-sns';

export const makeSnsClient = (config: Record<string, unknown> = {}) => new SNSClient(config);

let sns: SNSClient | undefined;

export function snsClient(): SNSClient {
  sns ??= makeSnsClient();
  return sns;
}
