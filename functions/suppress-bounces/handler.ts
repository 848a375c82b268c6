/**
 * SQS bounces queue (SES bounce and complaint events through SNS): suppresses each address
 * that bounced for good or complained. A malformed message is logged and fails on its own
 * (dead-letter queue); it never stops the others.
 */
import { applyFeedback, FeedbackMessageSchema } from '../../shared/mail/feedback.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { sqsHandler } from '../sqs-handler.js';
import { createLogger } from '../wiring.js';

const logger = createLogger('suppress-bounces');
const subscribers = subscribersFromEnv();

export const handler = sqsHandler({
  logger,
  what: 'mail feedback',
  body: FeedbackMessageSchema,
  async handle(feedback, { messageId }) {
    const result = await applyFeedback(feedback, {
      subscribers,
      signer: await signerFromEnv(),
      now: () => new Date(),
    });
    logger.info('mail feedback', {
      messageId,
      kind: feedback.kind,
      reason: feedback.reason,
      sesMessageId: feedback.messageId,
      suppressed: result.suppressed,
      ignored: result.ignored.length,
    });
  },
});
