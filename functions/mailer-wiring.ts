/** The Mailer, in its own module (see wiring.ts): SES in AWS, the `.eml` outbox when MAIL_OUTBOX_DIR is set (local mode). */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { OutboxMailer } from '../shared/adapters/outbox/outbox-mailer.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import type { Mailer } from '../shared/ports.js';

export function mailerFromEnv(): Mailer {
  const outbox = process.env[env.mailOutboxDir];
  return outbox ? new OutboxMailer(outbox) : new SesMailer(requiredEnv(env.mailConfigurationSet));
}
