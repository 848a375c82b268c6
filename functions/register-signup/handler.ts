/**
 * SQS signups queue: registers each subscription request (pending subscriber) and sends the
 * double opt-in confirmation, or a note to an address that is already subscribed. A request
 * that cannot be read fails on its own and ends in the dead-letter queue. A request delivered
 * again (or twice at once) is handled once (Powertools idempotency).
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { type SignupRequest, SignupRequestSchema } from '../../shared/mail/messages.js';
import { registerSignup } from '../../shared/mail/signup.js';
import { idempotentMessages } from '../idempotency.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { createLogger } from '../wiring.js';

const logger = createLogger('register-signup');

export function createHandler(platform: Platform) {
  const base = { subscribers: subscribersFromEnv(platform), ...mailSendingFromEnv(platform) };
  const signer = signerFromEnv(platform);
  const idempotency = idempotentMessages(platform, 'register-signup');
  const register = idempotency.once(async (request: SignupRequest) =>
    registerSignup(request, { ...base, signer: await signer() }),
  );
  const handler = sqsHandler({
    logger,
    what: 'signup request',
    body: jsonBody(SignupRequestSchema),
    async handle(request, { messageId }) {
      const outcome = await register(request);
      // The outcome, never the address: logs are not a list of who subscribed.
      logger.info('signup registered', { messageId, outcome });
    },
  });
  return (event: SQSEvent, context: Context) => {
    idempotency.registerContext(context);
    return handler(event, context);
  };
}

export const handler = lambdaHandler(createHandler);
