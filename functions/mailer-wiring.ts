/** The Mailer, in its own module (see wiring.ts): SES, unless the platform sends mail itself (the local outbox). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { env } from '../infra/topology.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import { pacedMailer } from '../shared/mail/paced-mailer.js';
import type { Mailer } from '../shared/ports.js';
import { deliveriesFromEnv, mailSettingsFromEnv } from './mail-wiring.js';
import { clientOf, type Platform, required } from './platform.js';

/** SES (or the platform's own), paced to MAIL_MAX_SENDS_PER_SECOND when the stack sets it. */
export function mailerFromEnv(p: Platform): Mailer {
  const mailer =
    p.mailer ??
    new SesMailer(
      required(p.env, env.mailConfigurationSet),
      clientOf(p, 'sesv2', 'sesv2', (config) => new SESv2Client(config)),
    );
  const pace = p.env[env.mailMaxSendsPerSecond];
  return pace ? pacedMailer(mailer, Number(pace)) : mailer;
}

/** What every use case that sends mail takes: the delivery log, the Mailer, the settings, the clock. */
export const mailSendingFromEnv = (p: Platform) => ({
  deliveries: deliveriesFromEnv(p),
  mailer: mailerFromEnv(p),
  settings: mailSettingsFromEnv(p),
  now: () => new Date(),
});
