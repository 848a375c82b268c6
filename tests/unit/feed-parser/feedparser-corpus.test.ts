/**
 * parseFeed against the 2,106 test feeds of Python's feedparser (tests/fixtures/feedparser-tests,
 * BSD licence beside them). Every feed must parse or fail with a FeedParseError, quickly; and the
 * simple `Expect:` lines on the fields Bantin uses are translated into assertions
 * (tests/support/feedparser-expect.ts) whose pass rate must stay above the floor measured here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../shared/ingest/feed-parser/parse-feed.js';
import { FeedParseError, type ParsedFeed } from '../../../shared/ingest/feed-parser/parsed-feed.js';
import { decodeBody } from '../../../shared/ingest/fetch/decode.js';
import {
  caseInput,
  identifyEntries,
  readCaseHeader,
  translateExpect,
} from '../../support/feedparser-expect.js';
import { fixturesDir } from '../../support/fixtures.js';

const CORPUS = join(fixturesDir, 'feedparser-tests');
/** Measured: 1,158 of 1,238 translated assertions pass (93.5%); the floor leaves a small margin. */
const PASS_RATE_FLOOR = 0.925;
const MIN_TRANSLATED = 1200;
const SLOWEST_FILE_MS = 2000;

interface CaseResult {
  path: string;
  feed?: ParsedFeed;
  error?: unknown;
  ms: number;
}

const paths = (readdirSync(join(CORPUS, 'tests'), { recursive: true }) as string[])
  .filter((path) => path.endsWith('.xml'))
  .map((path) => join('tests', path))
  .sort();

function runCase(path: string): CaseResult & { expect: string } {
  const bytes = readFileSync(join(CORPUS, path));
  const header = readCaseHeader(bytes);
  if (!header) throw new Error(`${path}: no Description/Expect header`);
  const { url, contentType } = caseInput(path, header);
  const text = decodeBody(bytes, contentType);
  const started = performance.now();
  try {
    const feed = parseFeed(identifyEntries(text).text, { url, timeZone: 'UTC' });
    return { path, feed, ms: performance.now() - started, expect: header.expect };
  } catch (error) {
    return { path, error, ms: performance.now() - started, expect: header.expect };
  }
}

describe('parseFeed on the feedparser corpus', () => {
  const started = performance.now();
  const results = paths.map(runCase);
  const totalMs = performance.now() - started;

  it('holds all 2,106 feeds', () => {
    expect(paths).toHaveLength(2106);
  });

  it('parses every feed or refuses it with a FeedParseError, without hanging', () => {
    const unexpected = results
      .filter((result) => result.error !== undefined && !(result.error instanceof FeedParseError))
      .map((result) => `${result.path}: ${String(result.error)}`);
    expect(unexpected).toEqual([]);
    const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      `feedparser corpus: ${results.length} feeds in ${Math.round(totalMs)} ms, ` +
        `${results.filter((result) => result.feed).length} parsed, ` +
        `${results.filter((result) => result.error).length} refused; slowest ${slowest.path} ${Math.round(slowest.ms)} ms`,
    );
    expect(slowest.ms).toBeLessThan(SLOWEST_FILE_MS);
  });

  it('meets the translated Expect assertions', () => {
    let translated = 0;
    let passed = 0;
    const byField = new Map<string, { translated: number; passed: number }>();
    const failures: string[] = [];
    for (const result of results) {
      const assertions = translateExpect(result.expect);
      if (!assertions) continue;
      for (const assertion of assertions) {
        const ok = result.feed !== undefined && assertion.check(result.feed);
        translated++;
        if (ok) passed++;
        else failures.push(`${result.path}: ${assertion.text}`);
        const field = assertion.text.split(' == ')[0]!.replace(/\[\d+\]/g, '[i]');
        const counts = byField.get(field) ?? { translated: 0, passed: 0 };
        counts.translated++;
        if (ok) counts.passed++;
        byField.set(field, counts);
      }
    }
    const fields = [...byField.entries()]
      .sort((a, b) => b[1].translated - a[1].translated)
      .map(([field, counts]) => `${field} ${counts.passed}/${counts.translated}`)
      .join(', ');
    console.log(
      `feedparser corpus: ${passed} of ${translated} Expect assertions pass ` +
        `(${((passed / translated) * 100).toFixed(1)}%); by field: ${fields}`,
    );
    if (process.env.FEEDPARSER_FAILURES) console.log(failures.join('\n'));
    expect(translated).toBeGreaterThanOrEqual(MIN_TRANSLATED);
    expect(passed / translated).toBeGreaterThan(PASS_RATE_FLOOR);
  });

  it('reads the corpus cases that matter most for news feeds exactly', () => {
    // Entities, numeric references (decoded once, Windows-1252 in the C1 range), bare ampersands
    // in links, and truncated closing tags: every translated case in these folders passes.
    const strict = results.filter((result) =>
      /^tests\/(?:entities|wellformed\/amp|illformed\/rss_item_link_corrupted_ampersands|encoding\/demoronize)/.test(
        result.path,
      ),
    );
    const failing: string[] = [];
    let checked = 0;
    for (const result of strict) {
      for (const assertion of translateExpect(result.expect) ?? []) {
        checked++;
        if (!(result.feed && assertion.check(result.feed))) failing.push(`${result.path}: ${assertion.text}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    // html-entities reads &lang; and &rang; as feedparser does (U+2329/U+232A), so none fails.
    expect(failing).toEqual([]);
  });
});
