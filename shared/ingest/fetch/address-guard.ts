/**
 * SSRF guard: only global unicast addresses may be fetched. An IPv4 address is global when it is
 * in none of ipaddr.js's special ranges (its IPv4 table covers every IANA non-global block). An
 * IPv6 address is global when it is in 2000::/3 and in no special block there; the forms that
 * carry an IPv4 address (IPv4-compatible, mapped, translated, NAT64, 6to4, Teredo) are judged by
 * the IPv4 addresses they carry. The check runs twice: on the URL before a request (literal
 * addresses, schemes), and inside the connection's DNS lookup, so the address connected to is
 * the address checked.
 */
import { type LookupAddress, lookup } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetcher.js';

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
// RFC 8215: a network's own NAT64 prefix, not globally reachable; where it puts the IPv4 address varies.
const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

/**
 * The refused range an address belongs to (e.g. `private`, or `private (10.0.0.1 in a 6to4
 * address)`), or undefined when it may be fetched. `allowLoopback` lets through 127.0.0.0/8,
 * ::1 and their mapped forms (local mode: the sample newspaper), not loopback hidden in a tunnel.
 */
export function refusedRange(address: string, allowLoopback: boolean): string | undefined {
  const text = canonical(address);
  if (text === undefined || !ipaddr.isValid(text)) return 'invalid';
  const parsed = ipaddr.parse(text);
  const range =
    parsed.kind() === 'ipv4' ? refusedIPv4(parsed as ipaddr.IPv4) : refusedIPv6(parsed as ipaddr.IPv6);
  return range === 'loopback' && allowLoopback ? undefined : range;
}

/**
 * Whether a URL names, by its host alone, an address Bantin never fetches: an IP literal in a
 * refused range, `localhost` (unless `allowLoopback`), or a name only a private network knows
 * (`intranet`, `printer.local`). What a page may not make a reader's or an administrator's
 * browser load either (a preview's `<img src="http://192.168.1.1/…">`).
 */
export function refusedByHost(url: string, allowLoopback: boolean): boolean {
  let host: string;
  try {
    // Without the root's dot: "localhost." is localhost.
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return true;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return !allowLoopback;
  if (ipaddr.isValid(host)) return refusedRange(host, allowLoopback) !== undefined;
  // A name only a private network knows: one label ("intranet", "nas"), or a suffix for local
  // and internal names ("printer.local", "router.home.arpa", "metadata.google.internal").
  return !host.includes('.') || PRIVATE_NAME.test(host);
}

/** Suffixes of names kept for private networks (RFC 6762, 8375, ICANN's .internal) or used so by convention. */
const PRIVATE_NAME = /\.(?:local|localdomain|internal|intranet|lan|home|home\.arpa|corp|private)\.?$/i;

/** The address as fetch reads it (WHATWG URL host parsing), IPv6 in hex: ipaddr.js reads `::a.b.c.d` as `::ffff:a.b.c.d`. */
function canonical(address: string): string | undefined {
  const host = address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address;
  try {
    return new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function refusedIPv4(address: ipaddr.IPv4): string | undefined {
  const range = address.range();
  return range === 'unicast' ? undefined : range;
}

function refusedIPv6(address: ipaddr.IPv6): string | undefined {
  const range = address.range();
  if (range === 'loopback' || range === 'unspecified') return range;
  if (range === 'ipv4Mapped') return refusedIPv4(address.toIPv4Address()); // the same host, in IPv6 dress
  if (address.match(NAT64_LOCAL_USE)) return 'NAT64 local-use';
  const carried = carriedIPv4(address);
  if (carried) {
    for (const ipv4 of carried.addresses) {
      const refused = refusedIPv4(ipv4);
      if (refused) return `${refused} (${ipv4.toString()} in ${carried.form} address)`;
    }
    return undefined;
  }
  if (!address.match(GLOBAL_UNICAST_V6)) return range === 'unicast' ? 'non-global' : range;
  return range === 'unicast' ? undefined : range;
}

/** The IPv4 addresses an IPv6 address carries, by the form that carries them. */
function carriedIPv4(address: ipaddr.IPv6): { form: string; addresses: ipaddr.IPv4[] } | undefined {
  const p = address.parts;
  const ipv4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  if (zeros(0, 6)) return { form: 'an IPv4-compatible', addresses: [ipv4(p[6]!, p[7]!)] };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0)
    return { form: 'an IPv4-translated', addresses: [ipv4(p[6]!, p[7]!)] };
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6))
    return { form: 'a NAT64', addresses: [ipv4(p[6]!, p[7]!)] };
  if (p[0] === 0x2002) return { form: 'a 6to4', addresses: [ipv4(p[1]!, p[2]!)] };
  if (p[0] === 0x2001 && p[1] === 0) {
    // Teredo (RFC 4380): the server's address, then the client's with every bit inverted.
    return { form: 'a Teredo', addresses: [ipv4(p[2]!, p[3]!), ipv4(p[6]! ^ 0xffff, p[7]! ^ 0xffff)] };
  }
  return undefined;
}

/**
 * Loopback ports a fetch may not reach even where loopback is allowed (local mode): those of the
 * local stand-ins of AWS, whose S3 answers any GET. In AWS nothing of Bantin's is on loopback.
 */
const refusedLoopbackPorts = new Set<number>();

/** Refuses fetches to these loopback ports until the returned function is called. */
export function refuseLoopbackPorts(ports: readonly number[]): () => void {
  const added = ports.filter((port) => !refusedLoopbackPorts.has(port));
  for (const port of added) refusedLoopbackPorts.add(port);
  return () => {
    for (const port of added) refusedLoopbackPorts.delete(port);
  };
}

/**
 * Why `url` is refused in local mode (allowLoopback) whatever its host: its port is one of the
 * stand-ins of AWS (their S3 and SNS answer anything). Sources, webhooks and the fetcher ask alike.
 */
export function standInPortProblem(url: URL, allowLoopback: boolean): string | undefined {
  const port = portOf(url);
  return allowLoopback && refusedLoopbackPorts.has(port)
    ? `port ${port} is a local stand-in of AWS`
    : undefined;
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

export async function assertFetchable(url: string, options: { allowLoopback: boolean }): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(url, 'not a valid URL', undefined, 'refused');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError(
      url,
      `only http and https are fetched, not ${parsed.protocol}`,
      undefined,
      'refused',
    );
  }
  if (parsed.username || parsed.password)
    throw new FetchError(url, 'URLs with credentials are refused', undefined, 'refused');
  // Whatever the host names (an alias may resolve to loopback): a local service's own port.
  const standIn = standInPortProblem(parsed, options.allowLoopback);
  if (standIn) throw new FetchError(url, `refused: ${standIn}`, undefined, 'refused');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    const range = refusedRange(host, options.allowLoopback);
    if (range)
      throw new FetchError(url, `refused: ${host} is ${aRange(range)} address`, undefined, 'refused');
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
            new FetchError(
              hostname,
              `refused: ${hostname} resolves to ${address}, ${aRange(range)} address`,
              undefined,
              'refused',
            ),
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

/** "a private", "an unspecified", "a linkLocal": the range with its article, for messages. */
export function aRange(range: string): string {
  return `${/^[aeiou]/i.test(range) ? 'an' : 'a'} ${range}`;
}
