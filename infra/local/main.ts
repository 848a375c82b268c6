/**
 * `npm start`: Bantin on one machine, with embedded stand-ins for AWS.
 *   npm start                 serve on http://localhost:8787 (PORT; on 127.0.0.1, or HOST), poll on schedule
 *   npm start -- --once       one full cycle, print a summary, exit
 *   npm start -- --reset      start from an empty data folder (.bantin/, or BANTIN_DATA)
 */
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataFolderError } from './data-folder.js';
import { startHttpServer } from './http-server.js';
import { type CycleSummary, startLocalStack } from './local-stack.js';
import { PublicUrlError, parsePublicUrl } from './public-url.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

async function main(argv: string[]): Promise<void> {
  const { once, reset } = parseOptions(argv);
  // Lambda runs a current Node; the SDK's notice about Node 20 is noise for local runs.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST || '127.0.0.1';
  const publicUrl = parsePublicUrl(process.env.PUBLIC_URL);
  const samplePort = Number(process.env.SAMPLE_NEWSPAPER_PORT ?? 8790);
  const dataDir = resolve(process.env.BANTIN_DATA ?? resolve(projectRoot, '.bantin'));
  process.env.POWERTOOLS_LOG_LEVEL ??= once ? 'WARN' : 'INFO';
  // The business figures are counted for the admin overview; their EMF lines are for CloudWatch.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const stack = await startLocalStack({
    projectRoot,
    dataDir,
    port,
    ...(publicUrl ? { publicUrl } : {}),
    samplePort,
    reset,
    adminToken: process.env.BANTIN_ADMIN_TOKEN || undefined,
    websubHub: process.env.WEBSUB_HUB_URL || undefined,
    // One cycle must end: a failed message comes back in seconds, not after its visibility timeout.
    ...(once ? { retryDelaySeconds: 2 } : {}),
    log: (message) => console.error(`[runner] ${message}`),
  });

  if (once) {
    // Stopped whatever the cycle gives: the queues are kept for the next start.
    const summary = await stack.runCycle().finally(() => stack.stop());
    // The stand-in keeps each object as a file of that name: the feeds can be opened from there.
    console.log(formatSummary(summary, dataDir, join(dataDir, 's3', stack.aws.bucket, 'feeds')));
    return;
  }

  const http = await startHttpServer({
    port,
    host,
    s3: stack.aws.clients.s3,
    bucket: stack.aws.bucket,
    sources: stack.sources,
    articles: stack.articles,
    api: stack.api,
    webhooks: stack.webhooks,
    outboxDir: stack.outboxDir,
    nextDigest: () => stack.nextDigest(),
  });
  // Local only: BANTIN_POLL_SECONDS=N polls every enabled source every N seconds, whatever its interval.
  const pollSeconds = Number(process.env.BANTIN_POLL_SECONDS ?? 0);
  const started = Date.now();
  stack.start(pollSeconds > 0 ? { everyMs: pollSeconds * 1000, input: { force: true } } : undefined).then(
    () => console.error(`[runner] first round (ingest → feeds → digests) done in ${Date.now() - started} ms`),
    (error: unknown) => console.error(`[runner] first round failed: ${String(error)}`),
  );
  // The admin CLI's line as it works here: the data folder when not the default (the CLI finds this
  // service's port and token there), or the API and the token when the token was given.
  const cliEnv = [
    ...(process.env.BANTIN_ADMIN_TOKEN && http.url !== 'http://localhost:8787'
      ? [`BANTIN_API_URL=${http.url}`]
      : []),
    ...(process.env.BANTIN_ADMIN_TOKEN
      ? ['BANTIN_ADMIN_TOKEN=…']
      : process.env.BANTIN_DATA
        ? [
            `BANTIN_DATA=${/^[\w@%+=:,./-]+$/.test(dataDir) ? dataDir : `'${dataDir.replace(/'/g, `'\\''`)}'`}`,
          ]
        : []),
  ]
    .map((setting) => `${setting} `)
    .join('');
  // What readers are sent to (PUBLIC_URL, else this machine's address); the CLI stays on this machine.
  const site = publicUrl ?? http.url;
  console.log(`Bantin is running at ${site}  (listening on ${formatAddress(http.address)}; HOST to change)
  feeds:            ${site}/feeds/all.rss  (.atom, .json); every feed: ${site}/feeds/
  sample newspaper: ${stack.sample.origin}/  (POST ${stack.sample.origin}/publish to publish an article)
  subscribe:        ${site}/subscribe  (mail goes to ${site}/outbox)
  data folder:      ${dataDir}
  admin page:       ${site}/admin  (API: ${site}/api/admin/overview, /api/admin/sources…)
  admin CLI:        ${cliEnv}npm run cli -- sources list
  admin token:      ${process.env.BANTIN_ADMIN_TOKEN ? '(from BANTIN_ADMIN_TOKEN)' : `${stack.adminToken}  (kept in ${join(dataDir, 'admin-token')})`}
Press Ctrl+C to stop.`);
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`stopping (${why})…`);
    await http.stop();
    await stack.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => void shutdown(signal));
  // npm stops a script by signalling the shell it runs it in (`sh -c`), which dies without passing
  // the signal on: this process would keep serving, holding the ports and the endpoints file that
  // `npm run cli -- dlq` reads. So it also stops when the process that started it goes away.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('the process that started it has ended');
  }, 1000).unref();
}

/** A mistake in the command line: its message is all the user needs. */
class UsageError extends Error {}

function parseOptions(argv: string[]): { once: boolean; reset: boolean } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { once: { type: 'boolean' }, reset: { type: 'boolean' } },
      strict: true,
    });
    return { once: values.once === true, reset: values.reset === true };
  } catch (error) {
    // parseArgs names the argument in quotes; its own hint about `--` does not apply here.
    const argument = /'([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1] ?? argv.join(' ');
    throw new UsageError(`unknown option ${argument} (known: --once, --reset)`);
  }
}

function formatAddress({ address, family, port }: AddressInfo): string {
  return family === 'IPv6' ? `[${address}]:${port}` : `${address}:${port}`;
}

function formatSummary(s: CycleSummary, dataDir: string, feedsDir: string): string {
  const lines = [
    'Bantin cycle complete',
    `  sources polled:   ${s.sourcesPolled}`,
    `  articles:         ${s.articlesNew} new, ${s.articlesDuplicate} duplicate, ${s.articlesFailed} failed`,
    `  events published: ${s.eventsPublished}`,
    `  feeds written:    ${s.feedFilesWritten} files (in ${feedsDir})`,
    `  digests sent:     ${s.digestsSent} (written to ${join(dataDir, 'outbox')})`,
    `  data folder:      ${dataDir}`,
  ];
  for (const f of s.failedSources) lines.push(`  FAILED ${f.sourceId}: ${f.error}`);
  return lines.join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`bantin: ${describeStartupError(error)}`);
  process.exit(1);
});

function describeStartupError(error: unknown): string {
  const { code, port, address } = (error ?? {}) as { code?: string; port?: number; address?: string };
  if (code === 'EADDRNOTAVAIL') {
    return `cannot listen on ${address}: it is not an address of this machine (HOST=…, default 127.0.0.1)`;
  }
  if (code === 'EADDRINUSE') {
    return `port ${port} is already in use (another Bantin?). Stop it, or choose other ports with PORT=… and SAMPLE_NEWSPAPER_PORT=….`;
  }
  if (error instanceof UsageError || error instanceof DataFolderError || error instanceof PublicUrlError)
    return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
