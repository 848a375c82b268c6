/** The public URLs in mail: each carries a token for one subscriber and one purpose. */
import type { TokenPurpose, TokenSigner } from './tokens.js';

/** Where the subscription pages live, under the HTTP API. */
export const SUBSCRIPTION_PATHS = {
  subscribe: '/subscribe',
  api: '/api/subscriptions',
  confirm: '/subscriptions/confirm',
  manage: '/subscriptions/manage',
  unsubscribe: '/subscriptions/unsubscribe',
} as const;

/** What every mail use case needs to address and sign a message. */
export interface MailSettings {
  /** `Bantin <ban-tin@example.vn>`: a verified SES identity in AWS. */
  from: string;
  replyTo?: string;
  /** Public base URL of the HTTP API, without a trailing slash. */
  apiBaseUrl: string;
  /** The home page readers are sent to for more (feeds); optional. */
  homeUrl?: string;
}

export function tokenUrl(
  settings: Pick<MailSettings, 'apiBaseUrl'>,
  signer: TokenSigner,
  purpose: TokenPurpose,
  subscriberId: string,
  now: Date,
): string {
  const path = SUBSCRIPTION_PATHS[purpose];
  return `${settings.apiBaseUrl}${path}?token=${encodeURIComponent(signer.sign(purpose, subscriberId, now))}`;
}

export function personalLinks(
  settings: Pick<MailSettings, 'apiBaseUrl'>,
  signer: TokenSigner,
  subscriber: { id: string; email: string },
  now: Date,
): { email: string; unsubscribeUrl: string; manageUrl: string } {
  return {
    email: subscriber.email,
    unsubscribeUrl: tokenUrl(settings, signer, 'unsubscribe', subscriber.id, now),
    manageUrl: tokenUrl(settings, signer, 'manage', subscriber.id, now),
  };
}
