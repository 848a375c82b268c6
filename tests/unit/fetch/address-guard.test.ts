/**
 * The SSRF guard over generated addresses (fast-check): the oracle below is written from IANA's
 * special-purpose registries, independently of ipaddr.js, so a range the library misnames or
 * misses shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertFetchable, refusedRange } from '../../../shared/ingest/fetch/address-guard.js';

const RUNS = { numRuns: 400 };

/** IPv4 blocks that are not global unicast, plus the anycast blocks no newspaper lives in (refused too). */
const NOT_GLOBAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.31.196.0/24', // AS112
  '192.52.193.0/24', // AMT
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16',
  '192.175.48.0/24', // AS112
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((cidr) => {
  const [address, bits] = cidr.split('/') as [string, string];
  return { base: v4Number(address), bits: Number(bits) };
});

/** Blocks inside 2000::/3 that are not global unicast (or carry an IPv4 address: judged by it). */
const SPECIAL_IN_2000_3 = [
  [0x2001, 0x0000, 23], // IETF protocol assignments, Teredo, benchmarking, ORCHID…
  [0x2001, 0x0db8, 32], // documentation
  [0x2002, 0x0000, 16], // 6to4
  [0x2620, 0x004f, 32], // AS112-v6 (2620:4f:8000::/48), refused with its /32 neighbours here
  [0x3fff, 0x0000, 20], // documentation
] as const;

function v4Number(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function v4String(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

const inV4Block = (n: number, block: { base: number; bits: number }) =>
  block.bits === 0 || n >>> (32 - block.bits) === block.base >>> (32 - block.bits);

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const part = fc.integer({ min: 0, max: 0xffff });
const parts = (length: number) => fc.array(part, { minLength: length, maxLength: length });

const nonGlobalV4 = fc
  .constantFrom(...NOT_GLOBAL_V4)
  .chain((block) =>
    fc
      .integer({ min: 0, max: 2 ** (32 - block.bits) - 1 })
      .map((host) => ((block.base >>> (32 - block.bits)) * 2 ** (32 - block.bits) + host) >>> 0),
  );
const globalV4 = uint32.filter((n) => !NOT_GLOBAL_V4.some((block) => inV4Block(n, block)));

const hex = (n: number) => n.toString(16);
const v6 = (p: number[]) => p.map(hex).join(':');
const high = (n: number) => n >>> 16;
const low = (n: number) => n & 0xffff;

/** Every IPv6 form that carries an IPv4 address, with random bits where the form has free bits. */
const FORMS: Record<string, (ipv4: number) => fc.Arbitrary<string>> = {
  'IPv4-compatible': (n) => fc.constantFrom(`::${v4String(n)}`, v6([0, 0, 0, 0, 0, 0, high(n), low(n)])),
  'IPv4-mapped': (n) =>
    fc.constantFrom(`::ffff:${v4String(n)}`, v6([0, 0, 0, 0, 0, 0xffff, high(n), low(n)])),
  'IPv4-translated': (n) => fc.constant(v6([0, 0, 0, 0, 0xffff, 0, high(n), low(n)])),
  NAT64: (n) => fc.constantFrom(`64:ff9b::${v4String(n)}`, v6([0x64, 0xff9b, 0, 0, 0, 0, high(n), low(n)])),
  '6to4': (n) => parts(5).map((rest) => v6([0x2002, high(n), low(n), ...rest])),
  'Teredo server': (n) =>
    fc
      .tuple(globalV4, part)
      .map(([client, flags]) =>
        v6([0x2001, 0, high(n), low(n), flags, 0xffff, high(~client >>> 0), low(~client >>> 0)]),
      ),
  'Teredo client': (n) =>
    fc
      .tuple(globalV4, part, part)
      .map(([server, flags, port]) =>
        v6([0x2001, 0, high(server), low(server), flags, port, high(~n >>> 0), low(~n >>> 0)]),
      ),
};

const prefix32 = (p: readonly number[]) => p[0]! * 0x10000 + p[1]!;
const globalV6 = fc
  .tuple(fc.integer({ min: 0x2000, max: 0x3fff }), parts(7))
  .map(([first, rest]) => [first, ...rest])
  .filter(
    (p) =>
      !SPECIAL_IN_2000_3.some(
        ([a, b, bits]) => prefix32(p) >>> (32 - bits) === prefix32([a, b]) >>> (32 - bits),
      ),
  )
  .map(v6);

describe('the SSRF guard', () => {
  it.each([
    ['::7f00:1', 'loopback (127.0.0.1 in an IPv4-compatible address)'],
    ['::a9fe:a9fe', 'linkLocal (169.254.169.254 in an IPv4-compatible address)'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::10.0.0.1', 'private (10.0.0.1 in a NAT64 address)'],
    ['64:ff9b:1::808:808', 'NAT64 local-use'],
    ['2002:c0a8:101::1', 'private (192.168.1.1 in a 6to4 address)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback (127.0.0.1 in a Teredo address)'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['100::1', 'discard'],
    ['4000::1', 'non-global'],
    ['2001:db8::1', 'reserved'],
  ])('refuses %s as %s', (address, range) => {
    expect(refusedRange(address, false)).toBe(range);
  });

  it('refuses every non-global IPv4 address, alone and in every IPv6 form that carries one', () => {
    fc.assert(
      fc.property(nonGlobalV4, (n) => {
        expect(refusedRange(v4String(n), false)).toBeDefined();
      }),
      RUNS,
    );
    for (const [form, embed] of Object.entries(FORMS)) {
      fc.assert(
        fc.property(
          nonGlobalV4.chain((n) => embed(n)),
          (address) => {
            expect(refusedRange(address, false), `${form} ${address}`).toBeDefined();
          },
        ),
        RUNS,
      );
    }
  });

  it('lets global IPv4 addresses through, alone and in every IPv6 form that carries one', () => {
    fc.assert(
      fc.property(globalV4, (n) => {
        expect(refusedRange(v4String(n), false)).toBeUndefined();
      }),
      RUNS,
    );
    for (const [form, embed] of Object.entries(FORMS)) {
      fc.assert(
        fc.property(
          globalV4.chain((n) => embed(n)),
          (address) => {
            expect(refusedRange(address, false), `${form} ${address}`).toBeUndefined();
          },
        ),
        RUNS,
      );
    }
  });

  it('lets global unicast IPv6 addresses through', () => {
    fc.assert(
      fc.property(globalV6, (address) => {
        expect(refusedRange(address, false)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('refuses every IPv6 address outside 2000::/3 that carries no IPv4 address', () => {
    const carriesIPv4 = (p: number[]) =>
      p.slice(0, 6).every((x) => x === 0) ||
      (p.slice(0, 4).every((x) => x === 0) && (p[4] === 0xffff || p[5] === 0xffff)) ||
      (p[0] === 0x64 && p[1] === 0xff9b);
    const outside = fc
      .tuple(
        fc.oneof(fc.integer({ min: 0, max: 0x1fff }), fc.integer({ min: 0x4000, max: 0xffff })),
        parts(7),
      )
      .map(([first, rest]) => [first, ...rest])
      .filter((p) => !carriesIPv4(p));
    fc.assert(
      fc.property(outside, (p) => {
        expect(refusedRange(v6(p), false)).toBeDefined();
      }),
      RUNS,
    );
  });

  it('lets loopback through only where local mode allows it, never inside a tunnel form', () => {
    const loopback = fc.integer({ min: 0, max: 0xffffff }).map((host) => (0x7f000000 + host) >>> 0);
    fc.assert(
      fc.property(loopback, (n) => {
        expect(refusedRange(v4String(n), true)).toBeUndefined();
        expect(refusedRange(`::ffff:${v4String(n)}`, true)).toBeUndefined();
        expect(refusedRange(v4String(n), false)).toBe('loopback');
      }),
      RUNS,
    );
    expect(refusedRange('::1', true)).toBeUndefined();
    for (const form of ['IPv4-compatible', 'NAT64', '6to4', 'Teredo client'] as const) {
      fc.assert(
        fc.property(
          loopback.chain((n) => FORMS[form]!(n)),
          (address) => {
            expect(refusedRange(address, true), `${form} ${address}`).toBeDefined();
          },
        ),
        { numRuns: 50 },
      );
    }
  });

  it('refuses a URL whose literal host carries a private address', async () => {
    await fc.assert(
      fc.asyncProperty(
        nonGlobalV4.chain((n) => fc.constantFrom(...Object.values(FORMS)).chain((embed) => embed(n))),
        async (address) => {
          await expect(
            assertFetchable(`http://[${address}]/feed.rss`, { allowLoopback: false }),
          ).rejects.toThrow(/refused/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
