/** The SNS client, created once per process (see dynamodb/client.ts). */
import { SNSClient } from '@aws-sdk/client-sns';

let sns: SNSClient | undefined;

export function snsClient(): SNSClient {
  sns ??= new SNSClient({});
  return sns;
}
