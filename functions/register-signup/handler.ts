/**
 * SQS signups queue: registers each subscription request (pending subscriber) and sends the
 * double opt-in confirmation, or a note to an address that is already subscribed. A request
 * that cannot be read is reported failed on its own and ends in the dead-letter queue.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { registerSignup, SignupRequestSchema } from '../../shared/mail/signup.js';
import { deliveriesFromEnv, mailSettingsFromEnv, signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailerFromEnv } from '../mailer-wiring.js';
import { createLogger, parseMessage } from '../wiring.js';

const logger = createLogger('register-signup');
const base = {
  subscribers: subscribersFromEnv(),
  deliveries: deliveriesFromEnv(),
  mailer: mailerFromEnv(),
  settings: mailSettingsFromEnv(),
  now: () => new Date(),
};

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const deps = { ...base, signer: await signerFromEnv() };
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const request = parseMessage(SignupRequestSchema, record.body, 'signup request');
      const outcome = await registerSignup(request, deps);
      // The outcome, never the address: logs are not a list of who subscribed.
      logger.info('signup registered', { messageId: record.messageId, outcome });
    } catch (error) {
      logger.error('signup failed', { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
