/**
 * SQS signups queue: registers each subscription request (pending subscriber) and sends the
 * double opt-in confirmation, or a note to an address that is already subscribed. A request
 * that cannot be read fails on its own and ends in the dead-letter queue.
 */
import { SignupRequestSchema } from '../../shared/mail/messages.js';
import { registerSignup } from '../../shared/mail/signup.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { createLogger } from '../wiring.js';

const logger = createLogger('register-signup');
const base = {
  subscribers: subscribersFromEnv(),
  ...mailSendingFromEnv(),
};

export const handler = sqsHandler({
  logger,
  what: 'signup request',
  body: jsonBody(SignupRequestSchema),
  async handle(request, { messageId }) {
    const outcome = await registerSignup(request, { ...base, signer: await signerFromEnv() });
    // The outcome, never the address: logs are not a list of who subscribed.
    logger.info('signup registered', { messageId, outcome });
  },
});
