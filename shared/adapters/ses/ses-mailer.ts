import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { OutgoingMail } from '../../domain/outgoing-mail.js';
import type { Mailer } from '../../ports.js';

let client: SESv2Client | undefined;

function sesClient(): SESv2Client {
  client ??= new SESv2Client({});
  return client;
}

/**
 * Sends through SES v2 with the message's exact MIME bytes (raw content), in the configuration
 * set whose event destination reports bounces and complaints back to Bantin.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly configurationSet: string,
    private readonly ses: SESv2Client = sesClient(),
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.ses.send(
      new SendEmailCommand({
        Destination: { ToAddresses: [mail.to] },
        Content: { Raw: { Data: mail.raw } },
        ConfigurationSetName: this.configurationSet,
        EmailTags: [{ Name: 'kind', Value: mail.kind }],
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the message without a message id');
    return { messageId: result.MessageId };
  }
}
