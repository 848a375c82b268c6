/**
 * SQS digests queue: sends one rendered digest to its batch of readers. A reader whose send
 * failed makes the message fail; its retry skips the readers already served (send records).
 */
import { DigestJobSchema } from '../../shared/mail/messages.js';
import { cachedRenders, sendDigestJob } from '../../shared/mail/send-digest.js';
import { rendersFromEnv } from '../bucket-wiring.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { createLogger, logTo } from '../wiring.js';

const logger = createLogger('send-digest');
const base = {
  subscribers: subscribersFromEnv(),
  renders: cachedRenders(rendersFromEnv()),
  ...mailSendingFromEnv(),
  log: logTo(logger),
};

export const handler = sqsHandler({
  logger,
  what: 'digest job',
  body: jsonBody(DigestJobSchema),
  async handle(job, { messageId }) {
    const result = await sendDigestJob(job, { ...base, signer: await signerFromEnv() });
    logger.info('digest batch done', {
      messageId,
      renderKey: job.renderKey,
      sent: result.sent,
      skipped: result.skipped,
      failed: result.failed,
    });
    if (result.failed.length > 0) {
      throw new Error(
        `the digest could not be sent to ${result.failed.length} readers; they are tried again`,
      );
    }
  },
});
