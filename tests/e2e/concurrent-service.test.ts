/**
 * `BANTIN_LOCAL_CONCURRENCY=8 BANTIN_POLL_SECONDS=2 npm start`, as a user runs it: 40 articles
 * published on the sample newspaper while the scheduled polls run every 2 seconds and two
 * manual "ingest now" calls race them. The feed must end with exactly the 6 sample articles and
 * the 40 new ones, each once, and the admin overview must count 46 new articles for the paper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBantin, stopProcess } from '../support/processes.js';

const PUBLISHED = 40;
const EXPECTED = 6 + PUBLISHED;
const TOKEN = 'concurrency-check-token';
/** Reads of the feed, one a second at most, before the check gives up. */
const MAX_READS = 240;
/** The feed must read the same this many times in a row (polls every 2 s find nothing more). */
const STEADY_READS = 4;

let service: Awaited<ReturnType<typeof startBantin>>;
let base: string;
let paper: string;

beforeAll(async () => {
  const env = {
    BANTIN_DATA: mkdtempSync(join(tmpdir(), 'bantin-concurrent-')),
    PORT: String(await freePort()),
    SAMPLE_NEWSPAPER_PORT: String(await freePort()),
    BANTIN_LOCAL_CONCURRENCY: '8',
    BANTIN_POLL_SECONDS: '2',
    BANTIN_ADMIN_TOKEN: TOKEN,
  };
  service = await startBantin(env);
  base = `http://localhost:${env.PORT}`;
  paper = `http://127.0.0.1:${env.SAMPLE_NEWSPAPER_PORT}`;
});

afterAll(async () => {
  if (service) await stopProcess(service);
});

const ingestNow = () =>
  fetch(`${base}/api/admin/sources/bao-ha-nam/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });

async function feedItems(): Promise<{ id: string; url: string }[]> {
  const response = await fetch(`${base}/feeds/all.json`);
  if (response.status !== 200) return [];
  return ((await response.json()) as { items: { id: string; url: string }[] }).items;
}

describe('npm start at concurrency 8, with "ingest now" racing the polls', () => {
  it(`shows the ${PUBLISHED} published articles and the 6 sample ones in /feeds/all.json, each once`, async () => {
    const manual: Promise<Response>[] = [];
    for (let i = 1; i <= PUBLISHED; i++) {
      const published = await fetch(`${paper}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Tin đồng thời số ${i}: Hà Nam khởi công công trình`,
          summary: `Tóm tắt tin số ${i}.`,
          paragraphs: [`Đoạn một của tin số ${i}.`, `Đoạn hai của tin số ${i}.`],
          category: i % 3 ? 'Xã hội' : 'Kinh tế',
        }),
      });
      expect(published.status).toBe(201);
      // Two manual polls, fired while the scheduled ones run.
      if (i === 13 || i === 27) manual.push(ingestNow());
    }
    expect((await Promise.all(manual)).map((r) => r.status)).toEqual([202, 202]);

    let items: { id: string; url: string }[] = [];
    let steady = 0;
    for (let read = 0; read < MAX_READS && steady < STEADY_READS; read++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = await feedItems();
      steady = now.length === items.length && now.length >= EXPECTED ? steady + 1 : 0;
      items = now;
    }
    const ids = new Set(items.map((item) => item.id));
    const urls = new Set(items.map((item) => item.url));
    console.log(
      `concurrency check: ${items.length} items in /feeds/all.json, ${ids.size} distinct ids, ${urls.size} distinct URLs`,
    );
    expect(items).toHaveLength(EXPECTED);
    expect(ids.size).toBe(EXPECTED);
    expect(urls.size).toBe(EXPECTED);

    // The business figures: each article counted new once, however many polls saw it.
    const overview = (await (
      await fetch(`${base}/api/admin/overview`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as {
      figures: { totals: Record<string, number>; bySource: Record<string, Record<string, number>> };
    };
    console.log(`concurrency check: figures ${JSON.stringify(overview.figures.totals)}`);
    expect(overview.figures.bySource['bao-ha-nam']?.ArticlesNew).toBe(EXPECTED);
  }, 400_000);
});
