/**
 * SQS bounces queue (SES bounce and complaint events through SNS): suppresses each address
 * that bounced for good or complained. A malformed message is logged and reported failed on
 * its own (dead-letter queue); it never stops the others.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { applyFeedback, parseFeedback } from '../../shared/mail/feedback.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { createLogger } from '../wiring.js';

const logger = createLogger('suppress-bounces');
const subscribers = subscribersFromEnv();

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  const deps = { subscribers, signer: await signerFromEnv(), now: () => new Date() };
  for (const record of event.Records) {
    try {
      const feedback = parseFeedback(record.body);
      const result = await applyFeedback(feedback, deps);
      logger.info('mail feedback', {
        messageId: record.messageId,
        kind: feedback.kind,
        reason: feedback.reason,
        sesMessageId: feedback.messageId,
        suppressed: result.suppressed,
        ignored: result.ignored.length,
      });
    } catch (error) {
      logger.error('mail feedback not applied', { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
