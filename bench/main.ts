/**
 * `npm run bench`: Bantin's figures. Speed targets live here, not in timed tests.
 *   BENCH_ARTICLES=N   size of the generated newspaper for the pipeline run (default 600)
 *   BENCH_CPU_PROFILE=FILE  the pipeline run's timed cycle profiled into FILE (.cpuprofile)
 *   AEB_DIR=DIR        the article-extraction benchmark folder (or `-- --aeb DIR`; default
 *                      ../shared/peer/article-extraction-benchmark when it exists)
 *   BENCH_PASSES=N     timed passes per extractor over the benchmark pages (default 3)
 *   BENCH_CLI_BATCH=N  page files per process in the whole-process timing (default: all, one process)
 *   BENCH_CLI_RUNS=N   timed runs of Readability's command in the whole-process timing, each between
 *                      two of ours; the medians are compared (default 3)
 *   BENCH_SUBSCRIBERS=N  audience of the digest bench (default 100000)
 *   BENCH_SOAK_SECONDS=N, BENCH_SOAK_CONNECTIONS=N   the soak of the local service (default 60 s, 50)
 *   BENCH_LAMBDA_RUNS=N  fresh processes per bundle in the cold-start bench (default 7)
 *   BENCH_IMAGES=N     photos re-hosted by the images bench (default 24)
 *   BENCH_LAYOUTS=N, BENCH_LAYOUT_SEED=S  generated page layouts the extract bench scores (default 300, seed 1)
 *   -- --only lambda|cost|extract|pipeline|feeds|digests|images|soak   run one of the benches
 *   -- --help          the benches and roughly how long each takes
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCost, printCost } from './cost.js';
import { benchDigests, printDigestBench } from './digests.js';
import { benchExtract } from './extract.js';
import { benchFeeds } from './feeds.js';
import { benchImages } from './images.js';
import { benchLambda, printLambdaSummary } from './lambda.js';
import { benchLayouts } from './layouts.js';
import { benchPipeline } from './pipeline.js';
import { benchSoak } from './soak.js';

const BENCHES = ['lambda', 'cost', 'digests', 'feeds', 'images', 'extract', 'pipeline', 'soak'] as const;

/** A mistake in the command line: its message and the usage, no stack trace. */
class UsageError extends Error {}

const USAGE = `usage: npm run bench [-- --only BENCH] [-- --aeb DIR]
  with no --only, every bench in turn, each in its own process (tens of minutes on 2 cores)
  lambda    cold starts: each function's bundle against its floor (about 1–2 minutes)
  cost      the monthly cost model of the whole service (3–4 minutes)
  digests   100,000 subscribers' digests planned and a sample sent (about 1 minute)
  feeds     feed rendering and rebuilds (about 1 minute)
  images    photos re-hosted through the ingest's copy-making (about 1 minute)
  extract   extraction speed and scores, the benchmark in --aeb DIR when given (several minutes)
  pipeline  articles per second from fetch to feed written, and latency (about 1 minute)
  soak      the local service under concurrent requests (BENCH_SOAK_SECONDS, default 60 s)
The environment variables each takes are listed at the top of bench/main.ts.`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The functions' metrics (a JSON line each on stdout) would bury the figures, as in local mode.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  let values: { aeb?: string; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { aeb: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.only !== undefined && !(BENCHES as readonly string[]).includes(values.only)) {
    throw new UsageError(`--only takes ${BENCHES.map((b) => `"${b}"`).join(', ')}, not "${values.only}"`);
  }
  if (values.only === undefined) {
    // Each bench in its own process: the handlers bind to one embedded stack per process.
    for (const bench of BENCHES) {
      const args = [
        fileURLToPath(import.meta.url),
        '--only',
        bench,
        ...(values.aeb ? ['--aeb', values.aeb] : []),
      ];
      const run = spawnSync(process.execPath, [...process.execArgv, ...args], { stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`the ${bench} bench failed (exit ${run.status})`);
    }
    return;
  }
  if (values.only === 'soak') {
    return benchSoak({
      seconds: Number(process.env.BENCH_SOAK_SECONDS ?? 60),
      connections: Number(process.env.BENCH_SOAK_CONNECTIONS ?? 50),
    });
  }
  if (values.only === 'lambda') {
    printLambdaSummary(await benchLambda());
    return;
  }
  if (values.only === 'cost') {
    printCost(await benchCost());
    return;
  }
  if (values.only === undefined || values.only === 'digests') {
    printDigestBench(await benchDigests(Number(process.env.BENCH_SUBSCRIBERS ?? 100_000)));
  }
  if (values.only === 'digests') return;
  if (values.only === undefined || values.only === 'feeds') await benchFeeds();
  if (values.only === 'feeds') return;
  if (values.only === 'images') return benchImages(Number(process.env.BENCH_IMAGES ?? 24));
  if (values.only !== 'pipeline') {
    await benchExtract({
      projectRoot: fileURLToPath(new URL('..', import.meta.url)),
      aebDir: values.aeb ?? process.env.AEB_DIR,
      passes: Number(process.env.BENCH_PASSES ?? 3),
      batch: Number(process.env.BENCH_CLI_BATCH ?? Number.POSITIVE_INFINITY),
      cliRuns: Number(process.env.BENCH_CLI_RUNS ?? 3),
    });
    benchLayouts(fileURLToPath(new URL('..', import.meta.url)));
  }
  if (values.only === 'extract') return;
  const count = Number(process.env.BENCH_ARTICLES ?? 600);
  console.log(`pipeline: generating a newspaper of ${count} articles (+6 fixture articles)…`);
  const pipeline = await benchPipeline(count, 40, process.env.BENCH_CPU_PROFILE);
  console.log(
    `pipeline throughput: ${pipeline.articles} articles from fetch to feeds written in ${pipeline.seconds.toFixed(2)} s = ${pipeline.perSecond.toFixed(1)} articles/s`,
  );
  console.log(
    `pipeline cost: ${pipeline.cpuMsPerArticle.toFixed(2)} ms of CPU per article in this process (${((pipeline.cpuMsPerArticle * pipeline.articles) / 1000 / pipeline.seconds).toFixed(2)} cores busy on average; load average ${pipeline.load.before.toFixed(1)} → ${pipeline.load.after.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  const byFunction = new Map<string, number>();
  for (const [key, n] of pipeline.requestsPerArticle) {
    const fn = key.split(' ')[0]!;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
  }
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  console.log(
    `pipeline requests: ${total.toFixed(2)} AWS requests per new article (${[...byFunction]
      .map(([fn, n]) => `${fn} ${n.toFixed(2)}`)
      .join(', ')})`,
  );
  // Each function's requests by kind, most first: where one request less per article would show.
  for (const [fn, n] of [...byFunction].sort((a, b) => b[1] - a[1])) {
    const kinds = [...pipeline.requestsPerArticle]
      .filter(([key, k]) => key.startsWith(`${fn} `) && k >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([key, k]) => `${key.split(' ')[1]} ${k.toFixed(2)}`);
    if (n >= 0.005) console.log(`pipeline requests of ${fn}: ${kinds.join(', ')}`);
  }
  const cpu = pipeline.requestCpuMs;
  const requestMs = (cpu.s3Put + cpu.s3Get + cpu.dynamoPut + cpu.dynamoGet) / 4;
  const floorMs = total * requestMs;
  console.log(
    `pipeline floor: one AWS request through the SDK to the stand-ins costs ${requestMs.toFixed(2)} ms of CPU on average, both sides (S3 PUT ${cpu.s3Put.toFixed(2)}, GET ${cpu.s3Get.toFixed(2)}, DynamoDB PutItem ${cpu.dynamoPut.toFixed(2)}, GetItem ${cpu.dynamoGet.toFixed(2)}); ${total.toFixed(2)} requests per article are ${floorMs.toFixed(1)} of its ${pipeline.cpuMsPerArticle.toFixed(1)} ms, and alone allow at most ${((availableParallelism() * 1000) / floorMs).toFixed(0)} articles/s on ${availableParallelism()} cores`,
  );
  console.log(
    `pipeline latency: publish on the sample paper → feed written, ${pipeline.latency.articles} articles published every 250 ms, polls back to back: p50 ${(pipeline.latency.p50Ms / 1000).toFixed(2)} s, p95 ${(pipeline.latency.p95Ms / 1000).toFixed(2)} s (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
