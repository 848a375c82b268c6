import { DigestJobSchema } from '../../shared/mail/messages.js';
import { cachedRenders, sendDigestJob } from '../../shared/mail/send-digest.js';
import { METRICS } from '../../shared/metrics.js';
import { rendersFromEnv } from '../bucket-wiring.js';
import { figuresFor, publishingAfter } from '../figures.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { createLogger, logTo } from '../wiring.js';

const logger = createLogger('send-digest');

export function createHandler(platform: Platform) {
  const base = {
    subscribers: subscribersFromEnv(platform),
    renders: cachedRenders(rendersFromEnv(platform)),
    ...mailSendingFromEnv(platform),
    log: logTo(logger),
  };
  const signer = signerFromEnv(platform);
  const figures = figuresFor('send-digest', platform.figures);
  const handler = sqsHandler({
    logger,
    what: 'digest job',
    body: jsonBody(DigestJobSchema),
    async handle(job, { messageId }) {
      const result = await sendDigestJob(job, { ...base, signer: await signer() });
      figures.count(METRICS.digestsSent, result.sent);
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
  return publishingAfter(figures, handler);
}

export const handler = lambdaHandler(createHandler);
