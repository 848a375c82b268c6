/**
 * `npm run bench`: Bantin's figures. Speed targets live here, not in timed tests.
 *   BENCH_ARTICLES=N   size of the generated newspaper for the pipeline run (default 600)
 */
import { benchPipeline } from './pipeline.js';

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
