/**
 * SSRF guard: refuses URLs whose host is, or resolves to, a private, loopback, link-local or
 * cloud-metadata address. ipaddr.js classifies the addresses (the range names are its own).
 * The check runs twice: on the URL before a request (literal addresses, schemes), and inside
 * the connection's DNS lookup, so the address connected to is the address checked.
 */
import { type LookupAddress, lookup } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetcher.js';

const REFUSED = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal', // includes 169.254.169.254, the cloud metadata service
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
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
]);

/** The refused range an address belongs to, or undefined when it may be fetched. */
export function refusedRange(address: string, allowLoopback: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
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
  if (ipaddr.isValid(host)) {
    const range = refusedRange(host, options.allowLoopback);
    if (range) throw new FetchError(url, `refused: ${host} is a ${range} address`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `dns.lookup` for the HTTP agent that fails when any resolved address is refused. */
export function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const range = refusedRange(address, allowLoopback);
        if (range) {
          return callback(
            new FetchError(hostname, `refused: ${hostname} resolves to ${address}, a ${range} address`),
            [],
          );
        }
      }
      const wantsAll = (options as { all?: boolean }).all;
      if (wantsAll) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
