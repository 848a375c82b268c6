/**
 * SQS bounces queue (SES bounce and complaint events through SNS): suppresses each address
 * that bounced for good or complained. A malformed message is logged and fails on its own
 * (dead-letter queue); it never stops the others. A notification delivered again is applied
 * and counted once (Powertools idempotency).
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { applyFeedback, type Feedback, FeedbackMessageSchema } from '../../shared/mail/feedback.js';
import { METRICS } from '../../shared/metrics.js';
import { figuresFor } from '../figures.js';
import { idempotentMessages } from '../idempotency.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { sqsHandler } from '../sqs-handler.js';
import { createLogger } from '../wiring.js';

const logger = createLogger('suppress-bounces');

export function createHandler(platform: Platform) {
  const subscribers = subscribersFromEnv(platform);
  const signer = signerFromEnv(platform);
  const figures = figuresFor('suppress-bounces', platform.figures);
  const idempotency = idempotentMessages(platform, 'suppress-bounces');
  const apply = idempotency.once(async (feedback: Feedback) => {
    const result = await applyFeedback(feedback, {
      subscribers,
      signer: await signer(),
      now: () => new Date(),
    });
    const metric = feedback.kind === 'complaint' ? METRICS.complaints : METRICS.bounces;
    figures.count(metric, result.suppressed);
    return { suppressed: result.suppressed, ignored: result.ignored.length };
  });
  const handler = sqsHandler({
    logger,
    what: 'mail feedback',
    body: FeedbackMessageSchema,
    async handle(feedback, { messageId }) {
      const result = await apply(feedback);
      logger.info('mail feedback', {
        messageId,
        kind: feedback.kind,
        reason: feedback.reason,
        sesMessageId: feedback.messageId,
        ...result,
      });
    },
  });
  return async (event: SQSEvent, context: Context) => {
    idempotency.registerContext(context);
    try {
      return await handler(event, context);
    } finally {
      figures.publish();
    }
  };
}

export const handler = lambdaHandler(createHandler);
