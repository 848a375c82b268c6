/**
 * Where a running `npm start` keeps its stand-in for SQS and its API: a small file in the data
 * folder, written at start and removed at stop, so that `npm run cli -- dlq …` (another process)
 * can reach the local queues as it reaches AWS's, and `sources` sends the local token only there.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedAws } from './embedded-aws.js';

export const LOCAL_ENDPOINTS_FILE = 'local-aws.json';

export interface LocalEndpoints {
  /** Where its HTTP API answers (`http://localhost:8787`): the CLI sends the local token there only. */
  apiUrl?: string;
  region: string;
  sqsEndpoint: string;
  queues: { name: string; url: string; deadLetterUrl: string }[];
  /** The webhooks' dead-letter queue (no work queue: SNS itself delivers webhooks). */
  webhookDeadLetterUrl?: string;
}

export function writeLocalEndpoints(dataDir: string, aws: EmbeddedAws, apiUrl: string): string {
  const file = join(dataDir, LOCAL_ENDPOINTS_FILE);
  const endpoints: LocalEndpoints = {
    apiUrl,
    region: aws.env.AWS_REGION!,
    sqsEndpoint: aws.env.AWS_ENDPOINT_URL_SQS!,
    queues: aws.queues.map((q) => ({ name: q.name, url: q.url, deadLetterUrl: q.dlqUrl })),
    webhookDeadLetterUrl: aws.webhookDeadLetters.url,
  };
  writeFileSync(file, `${JSON.stringify(endpoints, null, 2)}\n`);
  return file;
}

export function removeLocalEndpoints(dataDir: string): void {
  rmSync(join(dataDir, LOCAL_ENDPOINTS_FILE), { force: true });
}

/** The endpoints of the `npm start` using `dataDir`; undefined when none is running there. */
export function readLocalEndpoints(dataDir: string): LocalEndpoints | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, LOCAL_ENDPOINTS_FILE), 'utf-8')) as LocalEndpoints;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
