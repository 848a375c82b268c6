/**
 * SSRF guard: refuses URLs whose host resolves to a private, loopback, link-local or
 * cloud-metadata address. ipaddr.js classifies the addresses; the range names are its own.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetcher.js';

const REFUSED = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'private',
  'uniqueLocal',
  'carrierGradeNat',
  'reserved',
  'benchmarking',
  'amt',
  'as112',
  'deprecated',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
]);

export function isRefusedAddress(address: string, allowLoopback: boolean): string | undefined {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'loopback' && allowLoopback) return undefined;
  return REFUSED.has(range) ? range : undefined;
}

export async function assertFetchable(url: string, options: { allowLoopback: boolean }): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(url, 'not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(url, `only http and https are fetched, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) throw new FetchError(url, 'URLs with credentials are refused');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await lookup(host, { all: true, verbatim: true }).then(
        (found) => found.map((a) => a.address),
        (error: Error) => {
          throw new FetchError(url, `cannot resolve ${host}: ${error.message}`);
        },
      );
  for (const address of addresses) {
    const range = isRefusedAddress(address, options.allowLoopback);
    if (range) throw new FetchError(url, `refused: ${host} resolves to ${address}, a ${range} address`);
  }
}
