/**
 * `npm run bench`: Bantin's figures. Speed targets live here, not in timed tests.
 *   BENCH_ARTICLES=N   size of the generated newspaper for the pipeline run (default 600)
 *   AEB_DIR=DIR        the article-extraction benchmark folder (or `-- --aeb DIR`; default
 *                      ../shared/peer/article-extraction-benchmark when it exists)
 *   BENCH_PASSES=N     timed passes per extractor over the benchmark pages (default 3)
 *   BENCH_CLI_BATCH=N  page files per process in the whole-process timing (default: all, one process)
 *   BENCH_SUBSCRIBERS=N  audience of the digest bench (default 100000)
 *   -- --only extract|pipeline|feeds|digests   run one of the benches
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDigests, printDigestBench } from './digests.js';
import { benchExtract } from './extract.js';
import { benchFeeds } from './feeds.js';
import { benchPipeline } from './pipeline.js';

const BENCHES = ['digests', 'feeds', 'extract', 'pipeline'] as const;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({ options: { aeb: { type: 'string' }, only: { type: 'string' } } });
  if (values.only !== undefined && !(BENCHES as readonly string[]).includes(values.only)) {
    throw new Error(`--only takes ${BENCHES.map((b) => `"${b}"`).join(', ')}, not "${values.only}"`);
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
  if (values.only === undefined || values.only === 'digests') {
    printDigestBench(await benchDigests(Number(process.env.BENCH_SUBSCRIBERS ?? 100_000)));
  }
  if (values.only === 'digests') return;
  if (values.only === undefined || values.only === 'feeds') await benchFeeds();
  if (values.only === 'feeds') return;
  if (values.only !== 'pipeline') {
    await benchExtract({
      projectRoot: fileURLToPath(new URL('..', import.meta.url)),
      aebDir: values.aeb ?? process.env.AEB_DIR,
      passes: Number(process.env.BENCH_PASSES ?? 3),
      batch: Number(process.env.BENCH_CLI_BATCH ?? Number.POSITIVE_INFINITY),
    });
  }
  if (values.only === 'extract') return;
  const count = Number(process.env.BENCH_ARTICLES ?? 600);
  console.log(`pipeline: generating a newspaper of ${count} articles (+6 fixture articles)…`);
  const pipeline = await benchPipeline(count);
  console.log(
    `pipeline throughput: ${pipeline.articles} articles from fetch to feeds written in ${pipeline.seconds.toFixed(2)} s = ${pipeline.perSecond.toFixed(1)} articles/s`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
