/**
 * Extraction figures:
 *   1. the fixture score: extractArticle over tests/fixtures/pages (and the other layouts in
 *      tests/fixtures/extract/pages), scored like ../shared/tools/score_extract.py, alone and
 *      with the feed's date as ingest passes it;
 *   2. the article-extraction benchmark (181 real pages with human ground truth): body F1,
 *      precision and recall exactly as ../shared/tools/score_aeb.py computes them;
 *   3. throughput on those pages against Readability.js 0.6 + jsdom, in the same run: in
 *      process (decoded HTML in memory → body text), and as a user feels it, whole processes
 *      from start to exit (`node scripts/cli.mjs extract`, what `npm run cli` runs, against
 *      `node bench/readability-cli.mjs`, on the same batches of page files).
 * The benchmark pages are third-party data and are not in the repository: their folder comes
 * from the caller (AEB_DIR or --aeb), or ../shared/peer/article-extraction-benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { discoverFromFeed } from '../shared/ingest/discover/discover-links.js';
import { extractArticle } from '../shared/ingest/extract/extract-article.js';
import { decodeBody } from '../shared/ingest/fetch/decode.js';
import { canonicalizeUrl } from '../shared/ingest/normalize/canonical-url.js';
import {
  aebScore,
  type ExpectedPage,
  type ExtractedView,
  FIXTURE_WEIGHTS,
  type FieldScores,
  type FixtureField,
  scoreFixturePage,
  weightedScore,
} from './extraction-metrics.js';
import { benchSplitBodies } from './split-bodies.js';

export interface ExtractBenchOptions {
  projectRoot: string;
  /** The benchmark folder (html/<id>.html.gz + ground-truth.json); undefined: the default, if present. */
  aebDir?: string;
  /** Timed passes over the benchmark pages for each extractor, after the scoring pass warmed it up. */
  passes: number;
  /** Pages per process in the whole-process timing (Infinity: all of them in one process, as score_aeb.py runs it). */
  batch: number;
  /** Timed runs of each command in the whole-process timing, alternated; the medians are compared. */
  cliRuns: number;
}

/** The provincial fixture site's feed URL, as the ingest tests and the sample newspaper know it. */
const PROVINCIAL_FEED_URL = 'https://baohanam.example.vn/rss/tin-moi-nhat.rss';
const AEB_UPSTREAM = 'https://github.com/scrapinghub/article-extraction-benchmark';

export async function benchExtract(options: ExtractBenchOptions): Promise<void> {
  fixtureScores(options.projectRoot);
  const aebDir = options.aebDir ?? defaultAebDir(options.projectRoot);
  if (!aebDir || !existsSync(join(aebDir, 'ground-truth.json'))) {
    console.log(
      `aeb: skipped: no article-extraction benchmark at ${aebDir ?? defaultAebPath(options.projectRoot)}.\n` +
        `  Get it with \`git clone ${AEB_UPSTREAM}\` and run \`AEB_DIR=/path/to/article-extraction-benchmark npm run bench\`\n` +
        '  (or `npm run bench -- --aeb DIR`); the folder needs ground-truth.json and html/<id>.html.gz.',
    );
    return;
  }
  const pages = loadAeb(aebDir);
  await aebFigures(pages, aebDir, options.passes, options);
  benchSplitBodies(pages.map((page) => ({ url: page.sourceUrl, body: page.gold })));
}

// ---------------------------------------------------------------- fixtures

interface FixturePage {
  template: string;
  html: string;
  expected: ExpectedPage;
}

function loadFixtures(pagesDir: string): FixturePage[] {
  const pages: FixturePage[] = [];
  for (const template of readdirSync(pagesDir).sort()) {
    for (const file of readdirSync(join(pagesDir, template)).sort()) {
      if (!file.endsWith('.html')) continue;
      const expectedPath = join(pagesDir, template, `${file.slice(0, -'.html'.length)}.expected.json`);
      if (!existsSync(expectedPath)) continue;
      pages.push({
        template,
        html: decodeBody(readFileSync(join(pagesDir, template, file))),
        expected: JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedPage,
      });
    }
  }
  return pages;
}

function fixtureScores(projectRoot: string): void {
  const pages = loadFixtures(join(projectRoot, 'tests/fixtures/pages'));
  const feedDates = provincialFeedDates(projectRoot);
  console.log(`fixtures: ${pages.length} pages in tests/fixtures/pages, scored like score_extract.py`);
  const alone = scoreFixtures(pages, () => undefined);
  for (const line of alone.rows) console.log(`  ${line}`);
  console.log(
    `extract score ${alone.score.toFixed(3)} (${pages.length} pages, ${alone.failed} without a result) — the pages alone ` +
      '(a page that prints only the day is right with any time on that day)',
  );
  const withFeed = scoreFixtures(pages, (page) => feedDates.get(canonicalizeUrl(page.expected.url) ?? ''));
  console.log(
    `extract score ${withFeed.score.toFixed(3)} (${pages.length} pages) — with fallbackPublishedAt from ` +
      `tests/fixtures/feeds/provincial.rss as ingest passes it (${feedDates.size} feed dates)`,
  );
  const layouts = loadFixtures(join(projectRoot, 'tests/fixtures/extract/pages'));
  const other = scoreFixtures(layouts, () => undefined);
  console.log(`fixtures: ${layouts.length} pages of other layouts in tests/fixtures/extract/pages`);
  for (const line of other.rows) console.log(`  ${line}`);
  console.log(
    `extract score ${other.score.toFixed(3)} (${layouts.length} pages, ${other.failed} without a result) — other layouts`,
  );
}

/** Each provincial article's date as the feed gives it, through the same discovery ingest uses. */
function provincialFeedDates(projectRoot: string): Map<string, string> {
  const body = readFileSync(join(projectRoot, 'tests/fixtures/feeds/provincial.rss'));
  const links = discoverFromFeed(
    {
      url: PROVINCIAL_FEED_URL,
      status: 200,
      notModified: false,
      contentType: 'application/rss+xml; charset=utf-8',
      body,
    },
    'Asia/Ho_Chi_Minh',
  );
  const dates = new Map<string, string>();
  for (const link of links) if (link.publishedAt) dates.set(link.url, link.publishedAt);
  return dates;
}

function scoreFixtures(
  pages: FixturePage[],
  fallbackFor: (page: FixturePage) => string | undefined,
): { score: number; rows: string[]; failed: number } {
  const byTemplate = new Map<string, FieldScores[]>();
  const perPage: number[] = [];
  let failed = 0;
  for (const page of pages) {
    let scores: FieldScores;
    try {
      const { article } = extractArticle(page.html, {
        url: page.expected.url,
        fallbackPublishedAt: fallbackFor(page),
      });
      const view: ExtractedView = article;
      scores = scoreFixturePage(view, page.expected);
    } catch {
      failed++;
      scores = Object.fromEntries(Object.keys(FIXTURE_WEIGHTS).map((k) => [k, 0])) as FieldScores;
    }
    perPage.push(weightedScore(scores));
    byTemplate.set(page.template, [...(byTemplate.get(page.template) ?? []), scores]);
  }
  const rows: string[] = [];
  for (const [template, list] of [...byTemplate].sort(([a], [b]) => a.localeCompare(b))) {
    const mean = Object.fromEntries(
      (Object.keys(FIXTURE_WEIGHTS) as FixtureField[]).map((k) => [
        k,
        list.reduce((s, r) => s + r[k], 0) / list.length,
      ]),
    ) as FieldScores;
    const fields = Object.entries(mean)
      .map(([k, v]) => `${k}=${v.toFixed(2)}`)
      .join(' ');
    rows.push(
      `${template.padEnd(12)} n=${String(list.length).padStart(2)} score=${weightedScore(mean).toFixed(3)} ${fields}`,
    );
  }
  const score = perPage.length ? perPage.reduce((a, b) => a + b, 0) / perPage.length : 0;
  return { score, rows, failed };
}

// ---------------------------------------------------------------- article-extraction benchmark

function defaultAebPath(projectRoot: string): string {
  return resolve(projectRoot, '..', 'shared', 'peer', 'article-extraction-benchmark');
}

function defaultAebDir(projectRoot: string): string | undefined {
  const dir = defaultAebPath(projectRoot);
  return existsSync(dir) ? dir : undefined;
}

interface AebPage {
  id: string;
  /** The page file's URL, as score_aeb.py hands it to the CLI. */
  url: string;
  /** Where the page was published. */
  sourceUrl: string;
  html: string;
  gold: string;
}

function loadAeb(dir: string): AebPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string; url: string }
  >;
  // score_aeb.py sorts the ids, hands the CLI `--charset utf-8` and each page's file path.
  return Object.keys(truth)
    .sort()
    .map((id) => ({
      id,
      url: pathToFileURL(join(dir, 'html', `${id}.html`)).href,
      sourceUrl: truth[id]!.url,
      html: decodeBody(gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))), undefined, 'utf-8'),
      gold: truth[id]!.articleBody,
    }));
}

function bantinBody(page: AebPage): string {
  try {
    return extractArticle(page.html, { url: page.url }).article.contentText;
  } catch {
    return '';
  }
}

function readabilityBody(page: AebPage): string {
  // A console without listeners: jsdom's complaints about the pages' CSS are not figures.
  const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
  try {
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } catch {
    return '';
  } finally {
    dom.window.close();
  }
}

interface Rate {
  /** Pages per second of elapsed time. */
  wall: number;
  /** Pages per second of this process's CPU time: steadier when other processes share the cores. */
  cpu: number;
}

/**
 * One timed pass of `extract` over every page. The loop yields after each page: jsdom frees a
 * closed window only once the event loop turns, and without that Readability runs out of memory.
 */
async function timedPass(pages: AebPage[], extract: (page: AebPage) => string): Promise<Rate> {
  let wallMs = 0;
  let cpuUs = 0;
  for (const page of pages) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    extract(page);
    wallMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { wall: pages.length / (wallMs / 1000), cpu: pages.length / (cpuUs / 1e6) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Both extractors, their passes interleaved so a busy neighbour slows both alike; medians. */
async function throughputs(pages: AebPage[], passes: number): Promise<{ ours: Rate; theirs: Rate }> {
  const ours: Rate[] = [];
  const theirs: Rate[] = [];
  for (let pass = 0; pass < passes; pass++) {
    ours.push(await timedPass(pages, bantinBody));
    theirs.push(await timedPass(pages, readabilityBody));
  }
  const summary = (rates: Rate[]): Rate => ({
    wall: median(rates.map((r) => r.wall)),
    cpu: median(rates.map((r) => r.cpu)),
  });
  return { ours: summary(ours), theirs: summary(theirs) };
}

async function aebFigures(
  pages: AebPage[],
  dir: string,
  passes: number,
  options: ExtractBenchOptions,
): Promise<void> {
  console.log(`aeb: ${pages.length} pages from ${dir}, scored like score_aeb.py`);
  // Each scoring pass is also its extractor's warm-up for the timed passes below.
  const ours = aebScore(pages.map((page) => ({ predicted: bantinBody(page), gold: page.gold })));
  console.log(
    `aeb f1 ${ours.f1.toFixed(3)} precision ${ours.precision.toFixed(3)} recall ${ours.recall.toFixed(3)} — extractArticle (contentText)`,
  );
  const theirs = aebScore(
    await mapYielding(pages, (page) => ({ predicted: readabilityBody(page), gold: page.gold })),
  );
  console.log(
    `aeb f1 ${theirs.f1.toFixed(3)} precision ${theirs.precision.toFixed(3)} recall ${theirs.recall.toFixed(3)} — Readability.js 0.6 + jsdom (textContent)`,
  );
  console.log(
    `throughput on the ${pages.length} pages (decoded HTML in memory → body text; median of ${passes} interleaved passes after a warm-up):`,
  );
  const { ours: oursRate, theirs: theirsRate } = await throughputs(pages, passes);
  const line = (name: string, rate: Rate) =>
    `  ${name.padEnd(28)}${rate.wall.toFixed(1)} pages/s (${(1000 / rate.wall).toFixed(2)} ms/page); per CPU second ${rate.cpu.toFixed(1)}`;
  console.log(line('extractArticle:', oursRate));
  console.log(line('Readability.js 0.6 + jsdom:', theirsRate));
  console.log(
    `  in-process ratio ${(oursRate.wall / theirsRate.wall).toFixed(1)}× (per CPU second ${(oursRate.cpu / theirsRate.cpu).toFixed(1)}×; target ≥ 10×)`,
  );
  wholeProcessFigures(pages, options);
}

/**
 * Speed as a user feels it: each command runs as its own process from start to exit (start-up,
 * reading the files, extracting, printing JSON Lines) over the same page files, by default all
 * of them in one process as score_aeb.py runs it. Wall time: the commands run in turn, ours
 * first and last (ours, theirs, ours, theirs, …, ours), and the median run of each is compared,
 * so that a neighbour's burst on this shared machine weighs on neither side alone.
 */
function wholeProcessFigures(pages: AebPage[], options: ExtractBenchOptions): void {
  const cli = ensureCli(options.projectRoot);
  const folder = mkdtempSync(join(tmpdir(), 'bantin-aeb-'));
  try {
    const files = pages.map((page) => {
      const file = join(folder, `${page.id}.html`);
      writeFileSync(file, page.html);
      return file;
    });
    const batches: string[][] = [];
    for (let i = 0; i < files.length; i += options.batch) batches.push(files.slice(i, i + options.batch));
    const readability = join(options.projectRoot, 'bench/readability-cli.mjs');
    const ours = () =>
      batches.reduce(
        (ms, batch) => ms + timedProcess([cli, 'extract', '--charset', 'utf-8', ...batch], batch.length),
        0,
      );
    const theirs = () =>
      batches.reduce((ms, batch) => ms + timedProcess([readability, ...batch], batch.length), 0);
    const oursRuns = [ours()];
    const theirsRuns: number[] = [];
    for (let run = 0; run < options.cliRuns; run++) {
      theirsRuns.push(theirs());
      oursRuns.push(ours());
    }
    const oursMs = median(oursRuns);
    const theirsMs = median(theirsRuns);
    console.log(
      `whole process on the ${pages.length} pages, start to exit (${batches.length === 1 ? 'one process for all the files, as score_aeb.py runs it' : `${batches.length} processes of up to ${options.batch} files, one after another`}; median of ${oursRuns.length} runs of ours and ${theirsRuns.length} of Readability's, alternated):`,
    );
    const seconds = (runs: number[]) => runs.map((ms) => (ms / 1000).toFixed(1)).join(', ');
    console.log(`  runs: ours ${seconds(oursRuns)} s; Readability.js ${seconds(theirsRuns)} s`);
    const line = (name: string, ms: number) =>
      `  ${name.padEnd(40)}${(ms / 1000).toFixed(1)} s (${(ms / pages.length).toFixed(1)} ms/page)`;
    console.log(line('node scripts/cli.mjs extract:', oursMs));
    console.log(line('node bench/readability-cli.mjs:', theirsMs));
    console.log(`  whole-process ratio ${(theirsMs / oursMs).toFixed(1)}× (target ≥ 10×)`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning `node args…` to its exit; it must print one JSON line per page. */
function timedProcess(args: string[], pageCount: number): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{')).length;
  if (run.status !== 0 || lines !== pageCount) {
    throw new Error(
      `node ${args[0]} … exited ${run.status} with ${lines}/${pageCount} results: ${run.stderr.slice(-300)}`,
    );
  }
  return ms;
}

/**
 * scripts/cli.mjs, what `npm run cli` runs (the prebuilt dist/cli.mjs behind a staleness check),
 * run once untimed so that a stale CLI is rebuilt before the timing, not during it.
 */
function ensureCli(projectRoot: string): string {
  const cli = join(projectRoot, 'scripts/cli.mjs');
  const run = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`node scripts/cli.mjs --help failed (exit ${run.status}): ${run.stderr}`);
  return cli;
}

/** `pages.map(f)`, letting the event loop turn after each page (see timedPass). */
async function mapYielding<T>(pages: AebPage[], f: (page: AebPage) => T): Promise<T[]> {
  const out: T[] = [];
  for (const page of pages) {
    out.push(f(page));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}
