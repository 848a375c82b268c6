/**
 * Save-time checks of a source configuration, beyond its schema: every CSS selector must
 * parse (with the engine the extractor uses), and every URL must lead to a public address.
 * A source pointing into the private network (SSRF) is refused here with an explanation,
 * not discovered later as a failing poll.
 */
import { lookup } from 'node:dns/promises';
import { load } from 'cheerio/slim';
import ipaddr from 'ipaddr.js';
import { holdsMarkup } from '../domain/plain-text.js';
import { type Source, SourceSchema } from '../domain/source.js';
import { hostZoneRefusal, isHostZone } from '../domain/time.js';
import { parseOrThrow, ValidationError } from '../domain/validation.js';
import { absoluteUrl } from '../domain/web-url.js';
import { selectorRefusal } from '../ingest/extract/selectors.js';
import { refusedRange, standInPortProblem } from '../ingest/fetch/address-guard.js';

export type Issue = { path: string; message: string };

/** Every address a hostname resolves to. */
export type Resolve = (hostname: string) => Promise<string[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface SourceChecks {
  /** Local mode only: the sample newspaper is on loopback. */
  allowLoopback: boolean;
  resolve?: Resolve;
}

const SELECTOR_FIELDS = ['title', 'date', 'author', 'summary', 'body', 'links'] as const;

/** Parses and checks a source; throws a ValidationError naming each bad field and why. */
export async function validateSource(input: unknown, checks: SourceChecks): Promise<Source> {
  const source = parseOrThrow(SourceSchema, withHomepage(input), 'source');
  const issues = [
    ...nameIssues(source),
    ...zoneIssues(source),
    ...selectorIssues(source),
    ...(await addressIssues(source, checks)),
  ];
  if (issues.length > 0) throw new ValidationError('source', issues);
  return source;
}

/** A source given without a homepage has its first URL's site root, as the admin page gives it. */
function withHomepage(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const source = input as Record<string, unknown>;
  if (source.homepage !== undefined && source.homepage !== '') return input;
  const first = Array.isArray(source.urls) ? absoluteUrl(source.urls[0]) : undefined;
  return first ? { ...source, homepage: new URL('/', first).href } : input;
}

/** A paper's name is plain text: feeds, OPML and mail show it, and validators refuse markup in it. */
function nameIssues(source: Source): Issue[] {
  return holdsMarkup(source.name)
    ? [{ path: 'name', message: 'is plain text: no markup such as <b> or <script>' }]
    : [];
}

/**
 * A paper's zone names its place: the server's own (`system`, `local`, `default`) would date a
 * Hanoi paper's "08:15" at 08:15 UTC on a UTC host. Refused when saved only: a source stored
 * before with one is still read.
 */
function zoneIssues(source: Source): Issue[] {
  return isHostZone(source.timeZone)
    ? [
        {
          path: 'timeZone',
          message: hostZoneRefusal(source.timeZone),
        },
      ]
    : [];
}

export function selectorIssues(source: Source): Issue[] {
  const selectors = source.selectors;
  if (!selectors) return [];
  const $ = load('<html><body><div><p>x</p></div></body></html>');
  const issues: Issue[] = [];
  const check = (selector: string, path: string) => {
    const refusal = selectorRefusal(selector);
    if (refusal) return void issues.push({ path, message: `"${selector}" is refused: ${refusal}` });
    try {
      $.root().find(selector);
    } catch (error) {
      issues.push({
        path,
        message: `"${selector}" is not a valid CSS selector (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  };
  for (const field of SELECTOR_FIELDS) {
    const selector = selectors[field];
    if (selector) check(selector, `selectors.${field}`);
  }
  selectors.remove.forEach((selector, i) => {
    check(selector, `selectors.remove.${i}`);
  });
  return issues;
}

/** Resolves the host of the homepage and of every URL and refuses non-public addresses. */
export async function addressIssues(source: Source, checks: SourceChecks): Promise<Issue[]> {
  const resolve = checks.resolve ?? systemResolve;
  const resolved = new Map<string, Promise<string[]>>();
  const targets = [
    { path: 'homepage', url: source.homepage },
    ...source.urls.map((url, i) => ({ path: `urls.${i}`, url })),
  ];
  const issues: Issue[] = [];
  for (const { path, url } of targets) {
    const problem = await addressProblem(url, checks.allowLoopback, (host) => {
      let addresses = resolved.get(host);
      if (!addresses) {
        addresses = resolve(host);
        resolved.set(host, addresses);
      }
      return addresses;
    });
    if (problem) issues.push({ path, message: problem });
  }
  return issues;
}

const PRIVATE_EXPLANATION =
  'Bantin fetches only public internet addresses, so that a source cannot reach into its own network (SSRF)';

async function addressProblem(
  url: string,
  allowLoopback: boolean,
  resolve: Resolve,
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `only http and https URLs can be fetched, not ${parsed.protocol}`;
  }
  if (parsed.username || parsed.password) return 'URLs with a user name or password are refused';
  // Port 0 names no server: a fetch would go to port 80 and fail with a puzzling message.
  if (parsed.port === '0') return 'port 0 is no port a server listens on';
  // Locally, whatever host names them: the fetcher refuses them at every poll.
  const standIn = standInPortProblem(parsed, allowLoopback);
  if (standIn) return `refused: ${standIn}, not a newspaper`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIpLiteral(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOTFOUND' || code === 'ENODATA'
        ? `the host name ${host} does not exist (DNS: ${code})`
        : `the host name ${host} could not be resolved (${code ?? String(error)}); try again`;
    }
    if (addresses.length === 0) return `the host name ${host} resolves to no address`;
  }
  for (const address of addresses) {
    const range = refusedRange(address, allowLoopback);
    if (range) {
      const where = address === host ? `${host} is` : `${host} resolves to ${address}, which is`;
      return `refused: ${where} in the ${range} address range. ${PRIVATE_EXPLANATION}`;
    }
  }
  return undefined;
}

function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host) || host.includes(':');
}
