/**
 * A function's asset as the stack bundles it: its rare paths (the article extractor, with cheerio
 * and the sanitizer) in files of their own beside `index.mjs`, not compiled at a cold start, and
 * working from there when the first page comes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.js';
import { topology } from '../../infra/topology.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
let outdir: string;
let asset: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'bantin-asset-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Asset', { env: { region: 'ap-southeast-1' } });
  // Without the packages npm installs beside it (sharp for Linux on arm64): the split is the point here.
  const { nativeModules: _native, onDemandModules: _onDemand, ...spec } = topology.functions['ingest-source'];
  new ServiceFunction(stack, 'IngestSource', { name: 'ingest-source', spec, projectRoot, environment: {} });
  app.synth();
  const dirs = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  expect(dirs).toHaveLength(1);
  asset = join(outdir, dirs[0]!);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The files of the asset a cold start loads: index.mjs and the chunks it imports, transitively. */
function loadedAtInit(): string[] {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const code = readFileSync(join(asset, file), 'utf-8');
    // Static imports only (`import(` is a dynamic one): `import{a as b}from"./chunk-X.mjs"`, `import"./x.mjs"`.
    for (const m of code.matchAll(/\bimport\s*(?:[^(;"']*?\bfrom\s*)?["']\.\/([^"']+\.mjs)["']/g))
      visit(m[1]!);
  };
  visit('index.mjs');
  return [...loaded];
}

/** The source files a bundle file was built from, by its source map. */
const sourcesOf = (file: string): string[] =>
  (JSON.parse(readFileSync(join(asset, `${file}.map`), 'utf-8')) as { sources: string[] }).sources;

const extractorFile = () => readdirSync(asset).find((name) => /^extract-article-\w+\.mjs$/.test(name));

describe('a function asset with rare paths', () => {
  it('holds the extractor in a file of its own, with its source map', () => {
    const file = extractorFile();
    expect(file).toBeDefined();
    expect(readdirSync(asset)).toContain(`${file}.map`);
    expect(
      sourcesOf(file!).some((source) => source.endsWith('shared/ingest/extract/extract-article.ts')),
    ).toBe(true);
  });

  it('loads neither the extractor nor cheerio nor the sanitizer at a cold start', () => {
    const atInit = loadedAtInit();
    expect(atInit).toContain('index.mjs');
    expect(atInit).not.toContain(extractorFile());
    const sources = atInit.flatMap(sourcesOf);
    // The handler's own code is there; the rare path's is not.
    expect(sources.some((source) => source.endsWith('functions/ingest-source/handler.ts'))).toBe(true);
    const rarePath = [
      'shared/ingest/extract/extract-article.ts',
      'shared/ingest/extract/sanitize.ts',
      'node_modules/cheerio/',
      'node_modules/css-select/',
      'node_modules/sanitize-html/',
    ];
    for (const rare of rarePath) {
      expect(sources.filter((source) => source.includes(rare))).toEqual([]);
    }
  });

  it('extracts a page with the extractor file it loads on first use', () => {
    const page = join(projectRoot, 'tests/fixtures/pages/national/le-hoi-van-hoa');
    const expected = JSON.parse(readFileSync(`${page}.expected.json`, 'utf-8')) as {
      url: string;
      title: string;
    };
    const script = `
      const { extractArticle } = await import(${JSON.stringify(pathToFileURL(join(asset, extractorFile()!)).href)});
      const html = (await import('node:fs')).readFileSync(${JSON.stringify(`${page}.html`)}, 'utf-8');
      const { article } = extractArticle(html, { url: ${JSON.stringify(expected.url)} });
      console.log(JSON.stringify({ title: article.title, text: article.contentText.length }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf-8',
      env: { PATH: process.env.PATH },
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { title: string; text: number };
    expect(result.title).toBe(expected.title);
    expect(result.text).toBeGreaterThan(200);
  });
});
