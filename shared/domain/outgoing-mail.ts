/** What a message is, for logs, SES tags and the local outbox. */
export type MailKind = 'digest' | 'alert' | 'confirmation' | 'notice';

export interface OutgoingMail {
  /** The one recipient (the envelope's and the To header's). */
  to: string;
  /** The complete MIME message (shared/mail/mime.ts). */
  raw: Uint8Array;
  kind: MailKind;
}
