/**
 * Extraction figures:
 *   1. the fixture score: extractArticle over tests/fixtures/pages, scored like
 *      ../shared/tools/score_extract.py, alone and with the feed's date as ingest passes it;
 *   2. the article-extraction benchmark (181 real pages with human ground truth): body F1,
 *      precision and recall exactly as ../shared/tools/score_aeb.py computes them;
 *   3. throughput on those pages against Readability.js 0.6 + jsdom, in the same run.
 * The benchmark pages are third-party data and are not in the repository: their folder comes
 * from the caller (AEB_DIR or --aeb), or ../shared/peer/article-extraction-benchmark.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

export interface ExtractBenchOptions {
  projectRoot: string;
  /** The benchmark folder (html/<id>.html.gz + ground-truth.json); undefined: the default, if present. */
  aebDir?: string;
  /** Timed passes over the benchmark pages for each extractor, after the scoring pass warmed it up. */
  passes: number;
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
  await aebFigures(aebDir, options.passes);
}

// ---------------------------------------------------------------- fixtures

interface FixturePage {
  template: string;
  html: string;
  expected: ExpectedPage;
}

function fixtureScores(projectRoot: string): void {
  const pagesDir = join(projectRoot, 'tests/fixtures/pages');
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
  const feedDates = provincialFeedDates(projectRoot);
  console.log(`fixtures: ${pages.length} pages in tests/fixtures/pages, scored like score_extract.py`);
  const alone = scoreFixtures(pages, () => undefined);
  for (const line of alone.rows) console.log(`  ${line}`);
  console.log(
    `extract score ${alone.score.toFixed(3)} (${pages.length} pages, ${alone.failed} without a result) — the pages alone; ` +
      'provincial pages print no time of day, so this is at most 0.941',
  );
  const withFeed = scoreFixtures(pages, (page) => feedDates.get(canonicalizeUrl(page.expected.url) ?? ''));
  console.log(
    `extract score ${withFeed.score.toFixed(3)} (${pages.length} pages) — with fallbackPublishedAt from ` +
      `tests/fixtures/feeds/provincial.rss as ingest passes it (${feedDates.size} feed dates)`,
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
  url: string;
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

async function aebFigures(dir: string, passes: number): Promise<void> {
  const pages = loadAeb(dir);
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
    `  ratio ${(oursRate.wall / theirsRate.wall).toFixed(1)}× (per CPU second ${(oursRate.cpu / theirsRate.cpu).toFixed(1)}×; target ≥ 10×)`,
  );
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
