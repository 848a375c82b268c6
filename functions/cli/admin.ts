/**
 * `npm run cli -- sources …` and `npm run cli -- audit`: the administration API from the
 * command line, over HTTP (BANTIN_API_URL; by default the API of an `npm start` running on the data
 * folder, on its PORT, else http://localhost:8787; the token in
 * BANTIN_ADMIN_TOKEN, or for a local API the one `npm start` keeps in its data folder). Results are JSON on stdout; progress and errors go to stderr.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_LIMITS, AUDIT_TARGET } from '../../shared/admin/limits.js';
import { parseCommand, UsageError, wholeNumberOption } from './input.js';
import { localAdminToken, localApiUrl, localDataDir } from './local-data.js';

const ENVIRONMENT = `environment: BANTIN_API_URL (default: the npm start running on the data folder, on its PORT, else
http://localhost:8787), BANTIN_ADMIN_TOKEN (default for a local API: the token npm start keeps in
its data folder, BANTIN_DATA or .bantin/)
`;

export const SOURCES_USAGE = `usage: npm run cli -- sources <command>
  list                          every source with its health
  get ID                        one source with its health
  add FILE.json                 create a source from a JSON file ("-": standard input)
  update FILE.json              replace the configuration of the source the file names
  preview FILE.json [--articles N] [--article-url URL] [--with-page]
                                fetch and extract a few articles with this configuration (--articles 1-5,
                                default 3; --with-page adds each sanitized page); stores nothing
  enable ID | disable ID        start or stop polling a source
  ingest ID [--timeout SECONDS] poll the source now and wait for the result
  reextract ID [--dry-run] [--limit N] [--allow-shrink]
                                extract the stored pages again with the current configuration (the newest
                                --limit N of them, 1-200, default 20)
  delete ID                     delete a disabled source (its articles stay)
${ENVIRONMENT}`;

export const AUDIT_USAGE = `usage: npm run cli -- audit [--target source:ID] [--limit N] [--before ENTRY_ID]
  the administrators' changes, newest first: --limit N of them (1-200, default 50), about one
  target (source:ID, article:ID, webhook:ID, subscriber:ID), older than --before (the "next" of a page)
${ENVIRONMENT}`;

export const ARTICLES_USAGE = `usage: npm run cli -- articles withdraw|restore ARTICLE --reason TEXT
  takes an article down: ARTICLE is its id, its feed GUID (urn:bantin:article:…) or an address
  of it; it leaves every feed and archive page, and webhooks get article.withdrawn; the reason
  (3-500 characters) goes to the audit log; restore undoes a withdrawal (listed again where it was)
${ENVIRONMENT}`;

const ARTICLES_OPTIONS = { reason: { type: 'string' } } as const;

class ApiError extends Error {}

const SOURCES_OPTIONS = {
  articles: { type: 'string' },
  'article-url': { type: 'string' },
  timeout: { type: 'string' },
  limit: { type: 'string' },
  'with-page': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'allow-shrink': { type: 'boolean' },
} as const;
const AUDIT_OPTIONS = {
  target: { type: 'string' },
  limit: { type: 'string' },
  before: { type: 'string' },
} as const;

interface Client {
  call(method: string, path: string, body?: unknown): Promise<unknown>;
}

/** Hosts whose admin API is a local `npm start`'s: its token is in its data folder. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The token: BANTIN_ADMIN_TOKEN, or, for a local API, the one `npm start` keeps in its data
 * folder (BANTIN_DATA, default .bantin/), so that the commands work as README shows them.
 */
function adminToken(base: string): { token?: string; file?: string } {
  if (process.env.BANTIN_ADMIN_TOKEN) return { token: process.env.BANTIN_ADMIN_TOKEN };
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return {};
  }
  return (LOOPBACK_HOSTS.has(host) && localAdminToken(base)) || {};
}

/** BANTIN_API_URL, else the API of the `npm start` running on the data folder (on its PORT), else port 8787. */
export function defaultApiUrl(): string {
  return process.env.BANTIN_API_URL || localApiUrl() || 'http://localhost:8787';
}

export function createClient(baseUrl = defaultApiUrl()): Client {
  const base = baseUrl.replace(/\/+$/, '');
  const { token, file } = adminToken(base);
  return {
    async call(method, path, body) {
      if (!token) {
        const running = localApiUrl();
        const elsewhere = running && running.replace(/\/+$/, '') !== base ? running : undefined;
        throw new ApiError(
          elsewhere
            ? `no admin token for ${base}: the npm start on ${localDataDir()} listens on ${elsewhere} (unset BANTIN_API_URL, or set it to that address), or set BANTIN_ADMIN_TOKEN`
            : `set BANTIN_ADMIN_TOKEN to the admin token (npm start prints it; the token of an npm start running on this machine is read from ${join(localDataDir(), 'admin-token')}, for its own port only)`,
        );
      }
      let response: Response;
      try {
        response = await fetch(`${base}/api/admin${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        throw new ApiError(`cannot reach the admin API at ${base} (${cause}); is the service running?`);
      }
      const text = await response.text();
      let data: unknown;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        data = text;
      }
      if (response.status === 401) {
        throw new ApiError(
          file
            ? `not authorized: ${base} refused the token in ${file} (is that API another npm start's, with another data folder? set BANTIN_DATA to its folder, or BANTIN_ADMIN_TOKEN)`
            : 'not authorized: check BANTIN_ADMIN_TOKEN',
        );
      }
      if (!response.ok) {
        const problem = data as {
          error?: string;
          message?: string;
          details?: { issues?: { path: string; message: string }[] };
        };
        const issues = problem?.details?.issues ?? [];
        const lines = issues.map((i) => `\n  ${i.path || '(body)'}: ${i.message}`).join('');
        throw new ApiError(
          `HTTP ${response.status}: ${problem?.error ?? problem?.message ?? text.slice(0, 200)}${issues.length > 1 ? lines : ''}`,
        );
      }
      return data;
    },
  };
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const progress = (message: string) => process.stderr.write(`${message}\n`);

/**
 * The largest source file read: the admin API takes request bodies up to 1 MB (API Gateway's
 * own limit is higher; the local one's is this), and a source configuration is a few KB
 * (attack run 39: `sources add /dev/zero` read 620 MB before failing).
 */
const MAX_FILE_BYTES = 1024 * 1024;

async function readJson(file: string): Promise<Record<string, unknown>> {
  const bytes = await readCapped(file === '-' ? process.stdin : createReadStream(file));
  if (bytes === undefined)
    throw new ApiError(
      `${file === '-' ? 'standard input' : file} holds more than 1 MB: no source configuration is so large`,
    );
  const text = bytes.toString('utf-8');
  try {
    // Windows editors save UTF-8 with a byte order mark.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (error) {
    throw new ApiError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The stream's bytes, or undefined once they pass MAX_FILE_BYTES (reading stops there). */
async function readCapped(stream: NodeJS.ReadableStream): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_FILE_BYTES) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type HealthView = { health: { lastPoll?: { at: string; status: string; error?: string } } };

async function ingest(client: Client, id: string, timeoutSeconds: number): Promise<number> {
  // The whole record, not its time: `at` is to the second, and a poll that ends in the second
  // another ended would look like none.
  const recordOf = (view: HealthView) => JSON.stringify(view.health.lastPoll ?? null);
  const before = recordOf((await client.call('GET', `/sources/${id}`)) as HealthView);
  await client.call('POST', `/sources/${id}/ingest`);
  progress(`${id}: ingest requested; waiting for the poll (up to ${timeoutSeconds} s)…`);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let waited = 0;
  while (Date.now() < deadline) {
    await sleep(1000);
    waited++;
    const view = (await client.call('GET', `/sources/${id}`)) as HealthView;
    const poll = view.health.lastPoll;
    if (poll && recordOf(view) !== before) {
      progress(`${id}: polled at ${poll.at}: ${poll.status}${poll.error ? ` (${poll.error})` : ''}`);
      print(view);
      return poll.status === 'failed' ? 1 : 0;
    }
    if (waited % 5 === 0) progress(`${id}: still waiting (${waited} s)…`);
  }
  throw new ApiError(`${id}: no poll within ${timeoutSeconds} s; the request stays queued`);
}

export async function runSources(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    const { inputs, options } = parseCommand(rest, SOURCES_OPTIONS);
    const client = createClient();
    const [arg] = inputs;
    const need = (what: string) => {
      if (!arg || inputs.length > 1) throw new UsageError(`sources ${command} takes one ${what}`);
      return arg;
    };
    switch (command) {
      case 'list': {
        const sources: unknown[] = [];
        let cursor: string | undefined;
        for (let page = 0; page === 0 || (cursor && page < 10_000); page++) {
          const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
          const answer = (await client.call('GET', `/sources${query}`)) as {
            sources: unknown[];
            next?: string;
          };
          sources.push(...answer.sources);
          cursor = answer.next;
        }
        print(sources);
        return 0;
      }
      case 'get':
        print(await client.call('GET', `/sources/${encodeURIComponent(need('ID'))}`));
        return 0;
      case 'add':
        print(await client.call('POST', '/sources', await readJson(need('FILE.json'))));
        return 0;
      case 'update': {
        const source = await readJson(need('FILE.json'));
        if (typeof source.id !== 'string') throw new ApiError('the file must name the source: "id"');
        print(await client.call('PUT', `/sources/${encodeURIComponent(source.id)}`, source));
        return 0;
      }
      case 'preview': {
        const source = await readJson(need('FILE.json'));
        const query = new URLSearchParams();
        if (options.articles)
          query.set(
            'articles',
            String(wholeNumberOption('articles', options.articles, 0, ADMIN_LIMITS.previewArticles)),
          );
        if (options['article-url']) query.set('articleUrl', options['article-url']);
        progress('fetching the listing and extracting articles (up to 30 s)…');
        const result = (await client.call('POST', `/preview${query.size ? `?${query}` : ''}`, source)) as {
          articles: { ok: boolean; url: string; page?: unknown; warnings: string[] }[];
          listing: { ok: boolean; linksFound: number; error?: string };
        };
        progress(
          result.listing.ok
            ? `listing: ${result.listing.linksFound} links; ${result.articles.filter((a) => a.ok).length}/${result.articles.length} articles extracted`
            : `listing failed: ${result.listing.error}`,
        );
        // The sanitized page is for the admin page's side-by-side view; large and noisy here.
        if (!options['with-page']) for (const article of result.articles) delete article.page;
        print(result);
        return result.listing.ok && result.articles.every((a) => a.ok) ? 0 : 1;
      }
      case 'enable':
      case 'disable':
        print(await client.call('POST', `/sources/${encodeURIComponent(need('ID'))}/${command}`));
        return 0;
      case 'ingest':
        return await ingest(client, encodeURIComponent(need('ID')), Number(options.timeout ?? 120));
      case 'reextract': {
        const body = {
          dryRun: options['dry-run'] === true,
          allowShrink: options['allow-shrink'] === true,
          ...(options.limit
            ? { limit: wholeNumberOption('limit', options.limit, undefined, ADMIN_LIMITS.reextract) }
            : {}),
        };
        progress(`re-extracting the stored pages of ${arg}${body.dryRun ? ' (dry run)' : ''}…`);
        const result = await client.call(
          'POST',
          `/sources/${encodeURIComponent(need('ID'))}/reextract`,
          body,
        );
        print(result);
        if ((result as { olderLeft?: boolean }).olderLeft) {
          progress('older stored articles were not considered: a larger --limit N reaches the newest N');
        }
        return 0;
      }
      case 'delete':
        print(await client.call('DELETE', `/sources/${encodeURIComponent(need('ID'))}`));
        return 0;
      default:
        throw new UsageError(command ? `unknown sources command: ${command}` : '');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n\n` : ''}${SOURCES_USAGE}`);
      return 2;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export async function runArticles(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    const { inputs, options } = parseCommand(rest, ARTICLES_OPTIONS);
    if (command !== 'withdraw' && command !== 'restore')
      throw new UsageError(command ? `unknown articles command: ${command}` : '');
    if (inputs.length !== 1 || !options.reason)
      throw new UsageError(`articles ${command} takes one ARTICLE and --reason`);
    print(
      await createClient().call('POST', `/articles/${command}`, {
        article: inputs[0],
        reason: options.reason,
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n\n` : ''}${ARTICLES_USAGE}`);
      return 2;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export async function runAudit(args: string[]): Promise<number> {
  try {
    const { inputs, options } = parseCommand(args, AUDIT_OPTIONS);
    if (inputs.length > 0) throw new UsageError(`unexpected ${inputs.join(' ')}`);
    const query = new URLSearchParams();
    wholeNumberOption('limit', options.limit, undefined, ADMIN_LIMITS.auditPage);
    if (options.target && !AUDIT_TARGET.test(options.target))
      throw new UsageError(
        `--target must be KIND:ID (source:ID, article:ID, webhook:ID, subscriber:ID), not "${options.target}"`,
      );
    for (const key of ['target', 'limit', 'before'] as const) if (options[key]) query.set(key, options[key]);
    print(await createClient().call('GET', `/audit${query.size ? `?${query}` : ''}`));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${AUDIT_USAGE}`);
      return 2;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
