import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmailSchema } from '../../../shared/domain/subscriber.js';
import { addressProblem, SignupAddressSchema } from '../../../shared/mail/address.js';

describe('signup addresses', () => {
  it.each([
    ['ban.doc@example.vn'],
    ['Nguyen.Van-A+tin@Bao.Example.COM'],
    ["o'brien@example.ie"],
    ['user@xn--bcher-kva.example'], // bücher: one script
    ['a@b.co'],
  ])('accepts %s', (address) => {
    expect(addressProblem(address)).toBeUndefined();
  });

  it('keeps addresses in lower case, trimmed', () => {
    expect(SignupAddressSchema.parse('  Ban.Doc@Example.VN ')).toBe('ban.doc@example.vn');
  });

  it.each([
    ['header injection (CRLF)', 'a@example.com\r\nBcc: victim@example.com', /line breaks/],
    ['header injection (LF)', 'a@example.com\nSubject: hi', /line breaks/],
    ['a NUL byte', 'a@example.com\u0000', /control characters/],
    ['a display name', 'Ban Doc <ban@example.com>', /one plain address/],
    ['two addresses', 'a@example.com,b@example.com', /one plain address/],
    ['overlong', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, /too long/],
    ['overlong local part', `${'a'.repeat(65)}@example.com`, /more than 64/],
    ['Cyrillic homoglyph', 'ban@exаmple.com', /ASCII/],
    ['Greek homoglyph in the local part', 'bαn@example.com', /ASCII/],
    ['RTL override', 'ban@\u202Emoc.elpmaxe', /invisible or text-direction/],
    ['zero-width space', 'ban\u200b@example.com', /invisible/],
    ['punycode mixing scripts', 'a@xn--pple-43d.com', /look-alike/], // "аpple" with a Cyrillic а
    ['punycode made of look-alikes', 'a@xn--80ak6aa92e.com', /look-alike/], // "аррӏе"-style spoof
    ['no @', 'ban.example.com', /exactly one @/],
    ['two @', 'a@b@example.com', /exactly one @/],
    ['no domain dot', 'ban@localhost', /domain with a dot/],
    ['a double dot', 'ban..doc@example.com', /before the @/],
    ['a leading hyphen label', 'ban@-example.com', /invalid domain part/],
    ['an IP literal', 'ban@[127.0.0.1]', /one plain address/],
    ['empty', '   ', /empty/],
  ])('refuses %s with a reason', (_name, address, reason) => {
    const result = SignupAddressSchema.safeParse(address);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(reason);
  });

  // Refused when stored, a signup was answered 202 and then lost: the store must keep them all.
  it.each([['a%b@example.com'], ["a'@example.com"], ['a@example.xn--p1ai']])(
    'stores %s, which it accepts',
    (address) => {
      expect(addressProblem(address)).toBeUndefined();
      expect(EmailSchema.parse(SignupAddressSchema.parse(address))).toBe(address);
    },
  );

  it('stores every address it accepts', () => {
    const part = (chars: string) => fc.stringMatching(new RegExp(`^[${chars}]{1,12}$`));
    fc.assert(
      fc.property(
        fc.array(part("a-zA-Z0-9_%+'-"), { minLength: 1, maxLength: 3 }),
        fc.array(part('a-z0-9-'), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('vn', 'com', 'xn--p1ai', 'xn--90ae'),
        (local, labels, top) => {
          const address = `${local.join('.')}@${[...labels, top].join('.')}`;
          fc.pre(addressProblem(address) === undefined);
          expect(EmailSchema.safeParse(SignupAddressSchema.parse(address)).success).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
