/** The queues functions send to (SQS), in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { makeSqsClient } from '../shared/adapters/sqs/client.js';
import { SqsIngestQueue } from '../shared/adapters/sqs/ingest-queue.js';
import { SqsJobQueue } from '../shared/adapters/sqs/job-queue.js';
import type { FeedRequest } from '../shared/domain/events.js';
import type { AlertFlush, DigestJob, SignupRequest } from '../shared/mail/messages.js';
import { clientOf, type Platform, required } from './platform.js';

const sqsOf = (p: Platform) => clientOf(p, 'sqs', 'sqs', makeSqsClient);
const queue = <T>(p: Platform, name: Parameters<typeof env.queueUrl>[0]) =>
  new SqsJobQueue<T>(required(p.env, env.queueUrl(name)), sqsOf(p));

export const ingestQueueFromEnv = (p: Platform) =>
  new SqsIngestQueue(required(p.env, env.queueUrl('ingest')), sqsOf(p));
export const digestQueueFromEnv = (p: Platform) => queue<DigestJob>(p, 'digests');
export const signupQueueFromEnv = (p: Platform) => queue<SignupRequest>(p, 'signups');
export const alertFlushQueueFromEnv = (p: Platform) => queue<AlertFlush>(p, 'alerts');
export const feedRequestsFromEnv = (p: Platform) => queue<FeedRequest>(p, 'feeds');
