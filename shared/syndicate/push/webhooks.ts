/**
 * Aggregator webhooks: an aggregator registers an HTTPS endpoint for one source or one
 * category and receives every article event of it, SNS-style (a SubscriptionConfirmation whose
 * SubscribeURL it must GET, then Notifications carrying the event as `Message`). In AWS these
 * are SNS subscriptions with a filter policy on the event's message attributes; locally, the
 * runner delivers the same JSON.
 *
 * The admin API calls registerWebhook / listWebhooks / removeWebhook. Registration refuses
 * what SNS should never be asked to call: plain http, credentials in the URL, and hosts that
 * are (or resolve to) private, loopback, link-local or metadata addresses.
 */
import { lookup } from 'node:dns/promises';
import { categorySlug, isCategorySlug } from '../../domain/category.js';
import { SourceIdSchema } from '../../domain/source-id.js';
import { lazySchema, parseOrThrow, ValidationError } from '../../domain/validation.js';
import { withCanonicalEscapes } from '../../domain/web-url.js';
import type { Webhook, WebhookFilter } from '../../domain/webhook.js';
import * as z from '../../domain/zod.js';
import { type SourceRepository, WebhookConflict, type WebhookSubscriptions } from '../../ports.js';

export { filterFromPolicy, matchesFilterPolicy, webhookFilterPolicy } from './filter-policy.js';

export interface WebhookDeps {
  subscriptions: WebhookSubscriptions;
  sources: SourceRepository;
  /** Local mode only: lets a receiver on loopback (http or https) register, for tests and demos. */
  allowLoopback: boolean;
  /** Resolves a host name to its addresses (default: the system resolver). */
  resolve?: (hostname: string) => Promise<string[]>;
}

// Built by the first registration: listing webhooks, which most requests do, never parses one.
export const WebhookInputSchema = lazySchema(() =>
  z
    .strictObject({
      // Line breaks and tabs become spaces here: an endpoint holds none ("…/hook\r\nX: y" was kept
      // as `…/hook%20X:%20y`, another address than the one written).
      endpoint: z
        .trimmedString(1, 2048)
        .check(
          z.refine(
            (url) => !(/\s/.test(url) && URL.canParse(url)),
            'an endpoint holds no spaces, line breaks or tabs',
          ),
        ),
      /** A source id (`bao-ha-nam`)… */
      sourceId: z.optional(SourceIdSchema),
      /** …or a category, by name ("Văn hóa") or slug (`van-hoa`). */
      category: z.optional(z.trimmedString(1, 200)),
    })
    .check(
      z.refine((input) => (input.sourceId === undefined) !== (input.category === undefined), {
        message: 'give exactly one of sourceId or category',
      }),
    ),
);
export type WebhookInput = z.input<typeof WebhookInputSchema>;

// Loaded by the first registration too (ipaddr.js and the fetcher's errors with it).
const addressGuard = () => import('../../ingest/fetch/address-guard.js');

export async function registerWebhook(input: unknown, deps: WebhookDeps): Promise<Webhook> {
  const parsed = parseOrThrow(WebhookInputSchema, input, 'webhook');
  let filter: WebhookFilter;
  if (parsed.sourceId !== undefined) {
    if (!(await deps.sources.get(parsed.sourceId)))
      throw invalid('sourceId', `no source "${parsed.sourceId}"`);
    filter = { kind: 'source', sourceId: parsed.sourceId };
  } else {
    const category = parsed.category!;
    filter = { kind: 'category', slug: isCategorySlug(category) ? category : categorySlug(category) };
  }
  const endpoint = await checkEndpoint(parsed.endpoint, deps);
  // SNS keeps one subscription per endpoint: the same one again re-sends a pending confirmation;
  // another filter on the same URL needs another URL (SNS would refuse it).
  const taken = (other: WebhookFilter) =>
    invalid(
      'endpoint',
      `${endpoint} already receives ${describe(other)}; register another URL (e.g. with ?${filter.kind}=…) for ${describe(filter)}`,
    );
  const existing = (await deps.subscriptions.list()).find((hook) => sameEndpoint(hook.endpoint, endpoint));
  if (existing?.filter && !sameFilter(existing.filter, filter)) throw taken(existing.filter);
  if (existing?.status === 'confirmed') return existing;
  try {
    // (A pending one stored in another spelling keeps it: its confirmation is sent again.)
    return await deps.subscriptions.register(existing?.endpoint ?? endpoint, filter);
  } catch (error) {
    // Registered meanwhile with another filter (two requests at once): the same answer as above.
    if (!(error instanceof WebhookConflict)) throw error;
    const winner = (await deps.subscriptions.list()).find((hook) => sameEndpoint(hook.endpoint, endpoint));
    throw winner?.filter ? taken(winner.filter) : invalid('endpoint', error.message);
  }
}

function describe(filter: WebhookFilter): string {
  return filter.kind === 'source' ? `source ${filter.sourceId}` : `category ${filter.slug}`;
}

/** Every webhook, or those with exactly this filter. */
export async function listWebhooks(
  deps: Pick<WebhookDeps, 'subscriptions'>,
  filter?: WebhookFilter,
): Promise<Webhook[]> {
  const hooks = await deps.subscriptions.list();
  return filter ? hooks.filter((hook) => sameFilter(hook.filter, filter)) : hooks;
}

export async function removeWebhook(id: string, deps: Pick<WebhookDeps, 'subscriptions'>): Promise<boolean> {
  if (!id.trim()) throw invalid('id', 'a webhook id is required');
  return deps.subscriptions.remove(id.trim());
}

async function checkEndpoint(raw: string, deps: WebhookDeps): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('endpoint', 'not a valid URL');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackHttp = deps.allowLoopback && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw invalid('endpoint', `must be https, not ${url.protocol}`);
  if (url.username || url.password) throw invalid('endpoint', 'must not carry credentials');
  // (An empty '#' too: a second spelling of one receiver was a second webhook, each event delivered twice.)
  if (url.href.includes('#')) throw invalid('endpoint', 'must not have a #fragment');
  // Port 0 reaches nothing: the subscription would wait for a confirmation forever.
  if (url.port === '0') throw invalid('endpoint', 'must not name port 0');
  const addresses = await (deps.resolve ?? systemResolve)(host).catch(() => {
    throw invalid('endpoint', `host ${host} does not resolve`);
  });
  if (addresses.length === 0) throw invalid('endpoint', `host ${host} does not resolve`);
  const { refusedRange, aRange, standInPortProblem } = await addressGuard();
  const standIn = standInPortProblem(url, deps.allowLoopback);
  if (standIn) throw invalid('endpoint', standIn);
  for (const address of addresses) {
    const range = refusedRange(address, deps.allowLoopback);
    if (range) throw invalid('endpoint', `host ${host} is ${aRange(range)} address (${address})`);
  }
  // Plain http is for a local receiver on loopback only.
  if (loopbackHttp && !addresses.every((a) => refusedRange(a, false) === 'loopback')) {
    throw invalid('endpoint', 'must be https (http only for a receiver on loopback, in local mode)');
  }
  // One spelling of one receiver (`%7E` and `~`, `%c3` and `%C3`, an empty query "…/hook?"):
  // each its own webhook, it got every event once per spelling.
  return withCanonicalEscapes(url.href);
}

/** Endpoints stored before their escapes were made canonical are compared in that form too. */
function sameEndpoint(stored: string, endpoint: string): boolean {
  try {
    return withCanonicalEscapes(stored) === endpoint;
  } catch {
    return stored === endpoint;
  }
}

async function systemResolve(hostname: string): Promise<string[]> {
  const { isIP } = await import('node:net');
  if (isIP(hostname)) return [hostname];
  return (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
}

function sameFilter(a: WebhookFilter | undefined, b: WebhookFilter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError('webhook', [{ path, message }]);
}
