/**
 * The administration API, one function per topology route (keyed by API Gateway's routeKey,
 * which is the topology's `METHOD /path`). Each parses its input with zod (400 naming the
 * field and the reason), calls a use case of shared/admin/ and answers JSON.
 */
import type { Context } from 'aws-lambda';
import { recordAudit } from '../../shared/admin/audit.js';
import type { HealthStatus } from '../../shared/admin/health-view.js';
import { ADMIN_LIMITS, AUDIT_TARGET } from '../../shared/admin/limits.js';
import { AdminError, SourceAdmin, type SourceView, target } from '../../shared/admin/manage-sources.js';
import type { PreviewDeps } from '../../shared/admin/preview-source.js';
import type { ReextractDeps } from '../../shared/admin/reextract-source.js';
import {
  findSubscriber,
  liftSuppression,
  type SubscriberAdminDeps,
  subscriberCounts,
  suppressSubscriber,
} from '../../shared/admin/subscribers.js';
import type { SourceChecks } from '../../shared/admin/validate-source.js';
import { SourceIdSchema } from '../../shared/domain/source-id.js';
import { lazySchema, parseOrThrow } from '../../shared/domain/validation.js';
import * as z from '../../shared/domain/zod.js';
import type { MediaSettings } from '../../shared/ingest/images/rehost-images.js';
import type {
  ArticleEventPublisher,
  ArticleRepository,
  AuditLog,
  ContentStore,
  FeedRequestQueue,
  IngestQueue,
  SourceRepository,
} from '../../shared/ports.js';
import {
  listWebhooks,
  registerWebhook,
  removeWebhook,
  type WebhookDeps,
} from '../../shared/syndicate/push/webhooks.js';
import {
  callerIdentity,
  HttpError,
  type HttpEvent,
  type HttpResult,
  json,
  parseBody,
  servedRouteKey,
} from '../http.js';
import type { BusinessFigures } from '../platform.js';

export interface AdminApiDeps {
  sources: SourceRepository;
  articles: ArticleRepository;
  content: ContentStore;
  events: ArticleEventPublisher;
  queue: IngestQueue;
  feedRequests: FeedRequestQueue;
  audit: AuditLog;
  fetch: PreviewDeps['fetch'];
  checks: SourceChecks;
  /** Where re-extraction re-hosts article images (as ingest does). */
  media?: MediaSettings;
  /** The subscriber store (shared/mail/), counts, and the address → id digest. */
  subscribers: Pick<SubscriberAdminDeps, 'subscribers' | 'stats' | 'subscriberId'>;
  /** Aggregator webhooks (shared/syndicate/push/webhooks.ts). */
  webhooks: WebhookDeps;
  /** The business figures, where the platform counts them (locally; CloudWatch has them in AWS). */
  figures?: () => BusinessFigures;
  now?: () => Date;
}

export type Route = (
  event: HttpEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<HttpResult>;

/** Time kept back from the function's deadline to answer. */
const ANSWER_MARGIN_MS = 4_000;

// Previews and re-extraction run the ingest pipeline (feed parsers, the extractor, the
// sanitizer): loaded by the first request for one, not at every cold start.
const previews = () => import('../../shared/admin/preview-source.js');
const reextraction = () => import('../../shared/admin/reextract-source.js');
const withdrawal = () => import('../../shared/admin/withdraw-article.js');

const reextractSchema = (max: number) =>
  z.strictObject({
    limit: z.optional(z.int().check(z.gte(1), z.lte(max))),
    articleIds: z.optional(
      z
        .array(z.string().check(z.regex(/^[a-f0-9]{24}$/, 'a 24-character hex article id')))
        // An empty selection is no request for the newest articles (attack run 33): leave it out for those.
        .check(
          z.minLength(1, 'names at least one article (leave it out for the newest ones)'),
          z.maxLength(max),
        ),
    ),
    dryRun: z.optional(z.boolean()),
    force: z.optional(z.boolean()),
    allowShrink: z.optional(z.boolean()),
  });

/**
 * A whole-number query parameter. Its digits are checked before they become a number: API
 * Gateway joins a repeated parameter with commas ("limit=1&limit=2" is "1,2"), which a number
 * coercion would report as "received NaN".
 */
const intParam = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z._default(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d{1,9}$/, { message })), z.transform(Number)),
      z.number().check(z.gte(min, { message }), z.lte(max, { message })),
    ),
    fallback,
  );
};

// Each route's input, built by its first request: a cold start serves one route.
const ArticlesQuerySchema = lazySchema(() =>
  z.strictObject({ limit: intParam(1, ADMIN_LIMITS.recentArticles, 20) }),
);
const SourcesQuerySchema = lazySchema(() =>
  z.strictObject({
    limit: intParam(1, ADMIN_LIMITS.sourcesPage, ADMIN_LIMITS.sourcesPage),
    cursor: z.optional(SourceIdSchema),
  }),
);
const PreviewQuerySchema = lazySchema(() =>
  z.strictObject({
    articles: intParam(1, ADMIN_LIMITS.previewArticles, 3),
    articleUrl: z.optional(z.url({ protocol: /^https?$/ })),
  }),
);
const AuditQuerySchema = lazySchema(() =>
  z.strictObject({
    limit: intParam(1, ADMIN_LIMITS.auditPage, 50),
    target: z.optional(z.string().check(z.regex(AUDIT_TARGET, 'kind:id, e.g. source:bao-ha-nam'))),
    /** A page's `next`: an entry's id, its UTC instant then `#` (shared/admin/audit.ts). */
    before: z.optional(
      z
        .string()
        .check(
          z.maxLength(100),
          z.regex(
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z#[\w-]+$/,
            "an entry's id, as a page's next gives it",
          ),
        ),
    ),
  }),
);
const SubscribersQuerySchema = lazySchema(() =>
  z.strictObject({ email: z.optional(z.string().check(z.maxLength(254))) }),
);

export function createRoutes(deps: AdminApiDeps): Record<string, Route> {
  const now = deps.now ?? (() => new Date());
  const sources = new SourceAdmin({
    sources: deps.sources,
    articles: deps.articles,
    queue: deps.queue,
    feedRequests: deps.feedRequests,
    audit: deps.audit,
    checks: deps.checks,
    now,
  });
  const reextractDeps: ReextractDeps = { ...deps, allowLoopback: deps.checks.allowLoopback, now };
  const subscriberDeps: SubscriberAdminDeps = { ...deps.subscribers, audit: deps.audit, now };
  const withdrawDeps = { articles: deps.articles, events: deps.events, audit: deps.audit, now };

  return {
    'GET /api/admin/overview': async () => {
      const [list, subscribers, webhooks] = await Promise.all([
        sources.list(),
        subscriberCounts(deps.subscribers),
        listWebhooks(deps.webhooks),
      ]);
      const byStatus: Record<HealthStatus, number> = { ok: 0, warning: 0, error: 0, pending: 0, disabled: 0 };
      for (const view of list) byStatus[view.health.status]++;
      return json(200, {
        sources: { total: list.length, byStatus },
        subscribers,
        webhooks: {
          total: webhooks.length,
          confirmed: webhooks.filter((w) => w.status === 'confirmed').length,
        },
        ...(deps.figures ? { figures: deps.figures() } : {}),
      });
    },

    // A page at a time: `next` is the cursor of the following page, absent after the last.
    'GET /api/admin/sources': async (event) => {
      const { limit, cursor } = query(event, SourcesQuerySchema);
      const { views, next } = await sources.page({ limit, cursor });
      return json(200, { sources: views, next });
    },

    'POST /api/admin/sources': async (event) =>
      json(201, await sources.create(parseBody(event, z.unknown()), actor(event))),

    'GET /api/admin/sources/{id}': async (event) => versioned(await sources.get(sourceId(event))),

    // With If-Match (the ETag its GET gave), an edit saved since is a 412, not overwritten.
    'PUT /api/admin/sources/{id}': async (event) =>
      versioned(
        await sources.update(sourceId(event), parseBody(event, z.unknown()), actor(event), {
          revisions: ifMatchRevisions(event),
        }),
      ),

    'DELETE /api/admin/sources/{id}': async (event) =>
      json(200, await sources.remove(sourceId(event), actor(event))),

    'POST /api/admin/sources/{id}/enable': async (event) =>
      versioned(await sources.setEnabled(sourceId(event), true, actor(event))),

    'POST /api/admin/sources/{id}/disable': async (event) =>
      versioned(await sources.setEnabled(sourceId(event), false, actor(event))),

    'POST /api/admin/sources/{id}/ingest': async (event) =>
      json(202, { queued: await sources.ingestNow(sourceId(event), actor(event)) }),

    'POST /api/admin/sources/{id}/reextract': async (event, context) => {
      const id = sourceId(event);
      const { MAX_REEXTRACT, reextractSource } = await reextraction();
      const options = parseBody(event, reextractSchema(MAX_REEXTRACT));
      const result = await reextractSource(id, reextractDeps, {
        ...options,
        deadline: Date.now() + context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS,
      });
      if (!result.dryRun && result.updated > 0) {
        await recordAudit(
          deps.audit,
          {
            actor: actor(event),
            action: 'source.reextract',
            target: target(id),
            details: {
              updated: result.updated,
              unchanged: result.unchanged,
              skipped: result.skipped,
              notReached: result.notReached,
              articleIds: result.items.filter((i) => i.outcome === 'updated').map((i) => i.articleId),
            },
          },
          now(),
        );
      }
      return json(200, result);
    },

    'GET /api/admin/sources/{id}/articles': async (event) => {
      const { limit } = query(event, ArticlesQuerySchema);
      return json(200, { articles: await sources.recentArticles(sourceId(event), limit) });
    },

    // A takedown: the article leaves every feed and archive page, and webhooks hear of it.
    'POST /api/admin/articles/withdraw': async (event) =>
      json(
        200,
        await (await withdrawal()).withdrawArticle(parseBody(event, z.unknown()), actor(event), withdrawDeps),
      ),

    // Undoes a withdrawal: listed again where it was, announced as updated.
    'POST /api/admin/articles/restore': async (event) =>
      json(
        200,
        await (await withdrawal()).restoreArticle(parseBody(event, z.unknown()), actor(event), withdrawDeps),
      ),

    'POST /api/admin/preview': async (event) => {
      const options = query(event, PreviewQuerySchema);
      const { previewSource } = await previews();
      return json(
        200,
        await previewSource(
          parseBody(event, z.unknown()),
          { fetch: deps.fetch, checks: deps.checks, now },
          options,
        ),
      );
    },

    'GET /api/admin/subscribers': async (event) => {
      const { email } = query(event, SubscribersQuerySchema);
      if (email === undefined) return json(200, await subscriberCounts(deps.subscribers));
      const subscriber = await findSubscriber(email, subscriberDeps);
      if (!subscriber) throw new HttpError(404, 'no subscriber with this address');
      return json(200, { subscriber });
    },

    'POST /api/admin/subscribers/suppress': async (event) =>
      json(200, await suppressSubscriber(parseBody(event, z.unknown()), actor(event), subscriberDeps)),

    'POST /api/admin/subscribers/lift-suppression': async (event) =>
      json(200, await liftSuppression(parseBody(event, z.unknown()), actor(event), subscriberDeps)),

    'GET /api/admin/webhooks': async () => json(200, { webhooks: await listWebhooks(deps.webhooks) }),

    'POST /api/admin/webhooks': async (event) => {
      const webhook = await registerWebhook(parseBody(event, z.unknown()), deps.webhooks);
      await recordAudit(
        deps.audit,
        { actor: actor(event), action: 'webhook.register', target: `webhook:${webhook.id}`, after: webhook },
        now(),
      );
      return json(201, { webhook });
    },

    'DELETE /api/admin/webhooks/{id}': async (event) => {
      const id = event.pathParameters?.id ?? '';
      const before = (await listWebhooks(deps.webhooks)).find((w) => w.id === id);
      if (!(await removeWebhook(id, deps.webhooks))) throw new HttpError(404, `no webhook "${id}"`);
      await recordAudit(
        deps.audit,
        { actor: actor(event), action: 'webhook.remove', target: `webhook:${id}`, before },
        now(),
      );
      return json(200, { removed: id });
    },

    'GET /api/admin/audit': async (event) => {
      const { limit, target: about, before } = query(event, AuditQuerySchema);
      const entries = await deps.audit.list({ limit, target: about, before });
      return json(200, { entries, next: entries.length === limit ? entries.at(-1)?.id : undefined });
    },
  };
}

const STATUS_OF = { 'not-found': 404, conflict: 409, stale: 412 } as const;

/** A source's view with its revision as the ETag an edit sends back in If-Match. */
function versioned(view: SourceView): HttpResult {
  return json(200, view, { etag: `"r${view.revision}"` });
}

/**
 * The revisions an edit's If-Match names (`"r7"`, or a list `"r6", "r7"`: any of them matches, as
 * RFC 9110 has it): undefined without the header or with `*` (any revision of a source that
 * exists); none for tags no revision has. A weak tag (`W/"r7"`) names its revision too: a proxy
 * that compresses the answer weakens the tag the editor then sends back, and the revision it
 * names is no less exact.
 */
export function ifMatchRevisions(event: HttpEvent): number[] | undefined {
  const header = event.headers?.['if-match']?.trim();
  const tags = header?.split(',').map((tag) => tag.trim()) ?? [];
  if (!header || tags.includes('*')) return undefined;
  return tags.flatMap((tag) => {
    const revision = /^(?:W\/)?"r(\d{1,15})"$/.exec(tag)?.[1];
    return revision === undefined ? [] : [Number(revision)];
  });
}

/** Dispatches on the route key; a use case's AdminError becomes 404, 409 or 412. */
export async function route(
  routes: Record<string, Route>,
  event: HttpEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<HttpResult> {
  const handle = routes[servedRouteKey(event)];
  if (!handle) throw new HttpError(404, `no administration route ${event.routeKey}`);
  // API Gateway's authorizer lets no anonymous request through; this guards a misconfiguration.
  if (callerIdentity(event) === 'anonymous') throw new HttpError(401, 'an administrator must be signed in');
  try {
    return await handle(event, context);
  } catch (error) {
    if (error instanceof AdminError) throw new HttpError(STATUS_OF[error.kind], error.message);
    throw error;
  }
}

function actor(event: HttpEvent): string {
  return callerIdentity(event);
}

function sourceId(event: HttpEvent): string {
  return parseOrThrow(z.object({ id: SourceIdSchema }), { id: event.pathParameters?.id ?? '' }, 'path').id;
}

function query<S extends z.core.$ZodType>(event: HttpEvent, schema: S): z.output<S> {
  return parseOrThrow(schema, event.queryStringParameters ?? {}, 'query');
}
