/**
 * SQS digests queue: sends one rendered digest to its batch of readers. A reader whose send
 * failed makes the message fail; its retry skips the readers already served (send records).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cachedRenders, DigestJobSchema, sendDigestJob } from '../../shared/mail/send-digest.js';
import { rendersFromEnv } from '../bucket-wiring.js';
import { deliveriesFromEnv, mailSettingsFromEnv, signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailerFromEnv } from '../mailer-wiring.js';
import { createLogger, parseMessage } from '../wiring.js';

const logger = createLogger('send-digest');
const base = {
  subscribers: subscribersFromEnv(),
  deliveries: deliveriesFromEnv(),
  renders: cachedRenders(rendersFromEnv()),
  mailer: mailerFromEnv(),
  settings: mailSettingsFromEnv(),
  now: () => new Date(),
  log: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) =>
    logger[level](message, details ?? {}),
};

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const deps = { ...base, signer: await signerFromEnv() };
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const job = parseMessage(DigestJobSchema, record.body, 'digest job');
      const result = await sendDigestJob(job, deps);
      logger.info('digest batch done', {
        messageId: record.messageId,
        renderKey: job.renderKey,
        sent: result.sent,
        skipped: result.skipped,
        failed: result.failed,
      });
      if (result.failed.length > 0) batchItemFailures.push({ itemIdentifier: record.messageId });
    } catch (error) {
      logger.error('digest batch failed', { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
