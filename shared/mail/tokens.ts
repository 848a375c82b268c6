/**
 * Signed links for subscribers: each token is bound to one subscriber and one purpose
 * (confirm, manage, unsubscribe), carries its issue time and, where it makes sense, an expiry,
 * and is signed with HMAC-SHA256 under the service's secret. Nothing is stored: a forged,
 * altered, expired or misused token fails verification and changes nothing.
 *
 *   v1.{purpose}.{subscriberId}.{issued, base36 seconds}.{expires or "-"}.{signature, base64url}
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

const DAY = 86_400;

/**
 * Seconds a token stays valid. Unsubscribe links never expire: a reader may click one in a
 * message months old, and RFC 8058 one-click must keep working.
 */
export const TOKEN_LIFETIME: Record<TokenPurpose, number | undefined> = {
  confirm: 7 * DAY,
  manage: 30 * DAY,
  unsubscribe: undefined,
};

const PURPOSE_CODE: Record<TokenPurpose, string> = { confirm: 'c', manage: 'm', unsubscribe: 'u' };
const SUBSCRIBER_ID = /^[a-f0-9]{24}$/;

export type TokenCheck =
  | { ok: true; subscriberId: string; issuedAt: Date }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

/** Signs and verifies tokens, and derives subscriber ids from addresses, with one secret. */
export class TokenSigner {
  private readonly key: Buffer;

  constructor(secret: string | Uint8Array) {
    this.key = Buffer.from(secret);
    if (this.key.length < 32) throw new Error('the mail token secret must be at least 32 bytes');
  }

  sign(purpose: TokenPurpose, subscriberId: string, now: Date): string {
    if (!SUBSCRIBER_ID.test(subscriberId)) throw new Error(`not a subscriber id: ${subscriberId}`);
    const issued = Math.floor(now.getTime() / 1000);
    const lifetime = TOKEN_LIFETIME[purpose];
    const expires = lifetime === undefined ? '-' : (issued + lifetime).toString(36);
    const payload = `v1.${PURPOSE_CODE[purpose]}.${subscriberId}.${issued.toString(36)}.${expires}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string, purpose: TokenPurpose, now: Date): TokenCheck {
    const parts = typeof token === 'string' && token.length <= 200 ? token.split('.') : [];
    if (parts.length !== 6 || parts[0] !== 'v1') return { ok: false, reason: 'malformed' };
    const [, code, subscriberId, issued, expires, signature] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (
      !SUBSCRIBER_ID.test(subscriberId) ||
      !/^[a-z0-9]{1,12}$/.test(issued) ||
      !/^([a-z0-9]{1,12}|-)$/.test(expires)
    ) {
      return { ok: false, reason: 'malformed' };
    }
    const expected = this.mac(parts.slice(0, 5).join('.'));
    const given = Buffer.from(signature, 'base64url');
    // One spelling per signature: Node's decoder skips padding and stray characters, and the
    // last character carries two bits that decode to nothing.
    const canonical = given.toString('base64url') === signature;
    if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad-signature' };
    }
    // Checked after the signature, so a forger learns nothing about purposes.
    if (code !== PURPOSE_CODE[purpose]) return { ok: false, reason: 'wrong-purpose' };
    if (expires !== '-' && Number.parseInt(expires, 36) * 1000 <= now.getTime()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, subscriberId, issuedAt: new Date(Number.parseInt(issued, 36) * 1000) };
  }

  /**
   * A subscriber's id: a keyed digest of the address, so the address finds its subscriber
   * without an index, and the id reveals nothing about the address to whoever sees a link.
   */
  subscriberId(email: string): string {
    return createHmac('sha256', this.key).update(`bantin-subscriber\0${email}`).digest('hex').slice(0, 24);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`bantin-token\0${payload}`).digest();
  }
}
