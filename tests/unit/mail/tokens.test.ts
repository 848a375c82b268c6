import { describe, expect, it } from 'vitest';
import { TokenSigner } from '../../../shared/mail/tokens.js';
import { SECRET } from '../../support/mail-memory.js';

const signer = new TokenSigner(SECRET);
const id = '0123456789abcdef01234567';
const now = new Date('2026-11-27T10:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('subscriber tokens', () => {
  it('verify for their subscriber and purpose', () => {
    const token = signer.sign('unsubscribe', id, now);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/); // URL-safe as is
    expect(signer.verify(token, 'unsubscribe', now)).toEqual({ ok: true, subscriberId: id, issuedAt: now });
  });

  it('refuse another purpose', () => {
    expect(signer.verify(signer.sign('manage', id, now), 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'wrong-purpose',
    });
    expect(signer.verify(signer.sign('unsubscribe', id, now), 'confirm', now)).toEqual({
      ok: false,
      reason: 'wrong-purpose',
    });
  });

  it('refuse a token bound to another subscriber or altered in any part', () => {
    const token = signer.sign('manage', id, now);
    const parts = token.split('.');
    const other = [...parts];
    other[2] = 'ffffffffffffffffffffffff';
    expect(signer.verify(other.join('.'), 'manage', now)).toEqual({ ok: false, reason: 'bad-signature' });
    const purpose = [...parts];
    purpose[1] = 'u';
    expect(signer.verify(purpose.join('.'), 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const longer = [...parts];
    longer[4] = (Number.parseInt(parts[4]!, 36) + 86_400 * 365).toString(36);
    expect(signer.verify(longer.join('.'), 'manage', now)).toEqual({ ok: false, reason: 'bad-signature' });
    const signature = parts[5]!;
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(signer.verify([...parts.slice(0, 5), flipped].join('.'), 'manage', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuse another spelling of a valid token: one token, one string', () => {
    const token = signer.sign('manage', id, now);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character's two unused bits: a neighbour that decodes to the same bytes.
    const sameBytes = alphabet[alphabet.indexOf(last) ^ 1]!;
    for (const spelling of [
      `${token}==`,
      `${token}%00`,
      `${token}\u0000`,
      `${token.slice(0, -1)}${sameBytes}`,
    ]) {
      expect(signer.verify(spelling, 'manage', now).ok, spelling).toBe(false);
    }
  });

  it('refuse tokens signed with another secret', () => {
    const forger = new TokenSigner('another-secret-of-enough-length-0123456789');
    expect(signer.verify(forger.sign('unsubscribe', id, now), 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('expire where it makes sense: confirm after 7 days, manage after 30, unsubscribe never', () => {
    const confirm = signer.sign('confirm', id, now);
    expect(signer.verify(confirm, 'confirm', days(6.9)).ok).toBe(true);
    expect(signer.verify(confirm, 'confirm', days(7))).toEqual({ ok: false, reason: 'expired' });
    const manage = signer.sign('manage', id, now);
    expect(signer.verify(manage, 'manage', days(29)).ok).toBe(true);
    expect(signer.verify(manage, 'manage', days(31))).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify(signer.sign('unsubscribe', id, now), 'unsubscribe', days(3650)).ok).toBe(true);
  });

  it.each([
    [''],
    ['v1'],
    ['v2.u.0123456789abcdef01234567.a.-.x'],
    ['v1.u.NOTHEX.a.-.x'],
    ['x'.repeat(500)],
    ['v1.u.0123456789abcdef01234567.a.-.x.y'],
  ])('call %j malformed', (token) => {
    expect(signer.verify(token, 'unsubscribe', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('derive a stable subscriber id from the address, different per secret', () => {
    expect(signer.subscriberId('ban@example.vn')).toMatch(/^[a-f0-9]{24}$/);
    expect(signer.subscriberId('ban@example.vn')).toBe(
      new TokenSigner(SECRET).subscriberId('ban@example.vn'),
    );
    expect(signer.subscriberId('ban@example.vn')).not.toBe(signer.subscriberId('ban2@example.vn'));
    expect(new TokenSigner(`${SECRET}x`).subscriberId('ban@example.vn')).not.toBe(
      signer.subscriberId('ban@example.vn'),
    );
  });

  it('refuse a short secret', () => {
    expect(() => new TokenSigner('short')).toThrow(/32 bytes/);
  });
});
