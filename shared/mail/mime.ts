/**
 * The exact bytes of a message (RFC 5322 + MIME), built by nodemailer's MailComposer:
 * multipart/alternative with a UTF-8 plain-text part first and the HTML part last, encoded
 * headers, and — for lists — the RFC 2369 List-Unsubscribe header with the RFC 8058 one-click
 * POST. The same bytes go to SES (raw content) and, locally, to the outbox as `.eml` files.
 */
import type { MailKind } from '../domain/outgoing-mail.js';

// Loaded with the first message built, not at a cold start: most alert batches only clip their
// articles and mail no one, and nodemailer's modules cost a mail function more than its own code.
const mailComposer = () => import('nodemailer/lib/mail-composer');

export interface MimeMessage {
  /** `Name <address>` or an address, from configuration. */
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: MailKind;
  /** Present on list mail (digests, alerts): the one-click https URL. */
  unsubscribeUrl?: string;
  date?: Date;
}

export async function buildMime(message: MimeMessage): Promise<Buffer> {
  const headers: Record<string, string | { prepared: boolean; value: string }> = {
    'X-Bantin-Kind': message.kind,
  };
  if (message.unsubscribeUrl) {
    if (!/^https?:\/\/[\x21-\x7e]+$/.test(message.unsubscribeUrl) || /[<>]/.test(message.unsubscribeUrl)) {
      throw new Error(`not a usable unsubscribe URL: ${message.unsubscribeUrl}`);
    }
    // Prepared: written as is, never folded inside the URL.
    headers['List-Unsubscribe'] = { prepared: true, value: `<${message.unsubscribeUrl}>` };
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const { default: MailComposer } = await mailComposer();
  const composer = new MailComposer({
    from: message.from,
    replyTo: message.replyTo || undefined,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    date: message.date,
    headers,
    // Every line break CRLF (RFC 5322 §2.3), the text's own too: the parts keep the "\n" they are
    // written with otherwise, and receivers hardened against SMTP smuggling refuse a bare LF.
    newline: 'windows',
  });
  return composer.compile().build();
}
