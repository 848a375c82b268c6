/** The queues functions send to (SQS), in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { SqsIngestQueue } from '../shared/adapters/sqs/ingest-queue.js';
import { SqsJobQueue } from '../shared/adapters/sqs/job-queue.js';
import type { AlertFlush, DigestJob, SignupRequest } from '../shared/mail/messages.js';

export const ingestQueueFromEnv = () => new SqsIngestQueue(requiredEnv(env.queueUrl('ingest')));
export const digestQueueFromEnv = () => new SqsJobQueue<DigestJob>(requiredEnv(env.queueUrl('digests')));
export const signupQueueFromEnv = () => new SqsJobQueue<SignupRequest>(requiredEnv(env.queueUrl('signups')));
export const alertFlushQueueFromEnv = () => new SqsJobQueue<AlertFlush>(requiredEnv(env.queueUrl('alerts')));
