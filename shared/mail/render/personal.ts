/**
 * A message is rendered once for everyone who gets the same articles, with placeholders where
 * each reader's own links and address go; `personalize` fills them in per recipient. The
 * placeholders contain NUL, which rendering strips from all article text, so no article can
 * forge one.
 */
import { escapeHtml } from '../../html.js';

export const PLACEHOLDER = {
  unsubscribeUrl: '\u0000unsubscribe\u0000',
  manageUrl: '\u0000manage\u0000',
  email: '\u0000email\u0000',
} as const;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface PersonalLinks {
  email: string;
  unsubscribeUrl: string;
  manageUrl: string;
}

export function personalize(mail: RenderedMail, links: PersonalLinks): RenderedMail {
  const fill = (body: string, encode: (s: string) => string) =>
    body
      .replaceAll(PLACEHOLDER.unsubscribeUrl, encode(links.unsubscribeUrl))
      .replaceAll(PLACEHOLDER.manageUrl, encode(links.manageUrl))
      .replaceAll(PLACEHOLDER.email, encode(links.email));
  return { subject: mail.subject, html: fill(mail.html, escapeHtml), text: fill(mail.text, (s) => s) };
}
