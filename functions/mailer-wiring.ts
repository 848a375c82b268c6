/** The Mailer, in its own module (see wiring.ts): SES in AWS, the `.eml` outbox when MAIL_OUTBOX_DIR is set (local mode). */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { OutboxMailer } from '../shared/adapters/outbox/outbox-mailer.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import { pacedMailer } from '../shared/mail/paced-mailer.js';
import type { Mailer } from '../shared/ports.js';
import { deliveriesFromEnv, mailSettingsFromEnv } from './mail-wiring.js';

/** SES (or the local outbox), paced to MAIL_MAX_SENDS_PER_SECOND when the stack sets it. */
export function mailerFromEnv(): Mailer {
  const outbox = process.env[env.mailOutboxDir];
  const mailer = outbox ? new OutboxMailer(outbox) : new SesMailer(requiredEnv(env.mailConfigurationSet));
  const pace = process.env[env.mailMaxSendsPerSecond];
  return pace ? pacedMailer(mailer, Number(pace)) : mailer;
}

/** What every use case that sends mail takes: the delivery log, the Mailer, the settings, the clock. */
export const mailSendingFromEnv = () => ({
  deliveries: deliveriesFromEnv(),
  mailer: mailerFromEnv(),
  settings: mailSettingsFromEnv(),
  now: () => new Date(),
});
