/**
 * A bundled function's stack traces name its TypeScript sources without Node's
 * --enable-source-maps, and the map is read at the first stack trace, not at init.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapStackTracesLazily } from '../../../functions/stack-traces.js';
import { esbuildOptions, splitBuildOptions } from '../../../infra/bundling.js';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let bundle: string;
let splitBundle: string;

/** A function that throws, and the lines that call it and print the stack it threw. */
const PARSE_TITLE = [
  'function parseTitle(text: string): string {',
  "  if (!text) throw new Error('no title');",
  '  return text;',
  '}',
];
const THROW_AND_REPORT = [
  'try {',
  "  parseTitle('');",
  '} catch (error) {',
  '  console.log(JSON.stringify({ installed, stack: (error as Error).stack }));',
  '}',
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bantin-stack-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `import { mapStackTracesLazily } from '${projectRoot}functions/stack-traces.js';`,
      'const installed = mapStackTracesLazily(import.meta.url);',
      "if (process.argv[2] === 'spoil-map') (await import('node:fs')).writeFileSync(new URL(import.meta.url).pathname + '.map', '{}');",
      ...PARSE_TITLE,
      ...THROW_AND_REPORT,
    ].join('\n'),
  );
  bundle = join(dir, 'out', 'index.mjs');
  await build(esbuildOptions(entry, bundle));
  // The same throw in a module imported dynamically: a file split from the bundle, with its own map.
  writeFileSync(join(dir, 'title.ts'), [`export ${PARSE_TITLE[0]}`, ...PARSE_TITLE.slice(1)].join('\n'));
  writeFileSync(
    join(dir, 'split-entry.ts'),
    [
      `import { mapStackTracesLazily } from '${projectRoot}functions/stack-traces.js';`,
      'const installed = mapStackTracesLazily(import.meta.url);',
      "const { parseTitle } = await import('./title.js');",
      ...THROW_AND_REPORT,
    ].join('\n'),
  );
  await build(splitBuildOptions(join(dir, 'split-entry.ts'), join(dir, 'split')));
  splitBundle = join(dir, 'split', 'index.mjs');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { installed: boolean; stack: string } {
  return runFile(bundle, ...args);
}

function runFile(file: string, ...args: string[]): { installed: boolean; stack: string } {
  const child = spawnSync(process.execPath, [file, ...args], {
    encoding: 'utf-8',
    env: { PATH: process.env.PATH, NODE_OPTIONS: '' },
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout);
}

describe('mapStackTracesLazily', () => {
  it('writes the stack of a minified bundle in terms of its sources, with their names', () => {
    const { installed, stack } = run();
    expect(installed).toBe(true);
    expect(stack.split('\n')[0]).toBe('Error: no title');
    expect(stack).toMatch(/\n {4}at parseTitle \(.*entry\.ts:5:\d+\)/);
    expect(stack).toMatch(/\n {4}at .*entry\.ts:9:\d+/);
    expect(stack).not.toContain('index.mjs:');
  });

  it('maps the frames of a file split from the bundle through its own map', () => {
    const { installed, stack } = runFile(splitBundle);
    expect(installed).toBe(true);
    expect(stack).toMatch(/\n {4}at parseTitle \(.*title\.ts:2:\d+\)/);
    expect(stack).toMatch(/\n {4}at .*split-entry\.ts:5:\d+/);
    expect(stack).not.toContain('.mjs:');
  });

  it('reads the map at the first stack trace, not when the bundle loads', () => {
    const { installed, stack } = run('spoil-map');
    expect(installed).toBe(true);
    expect(stack).toContain('index.mjs:');
    expect(stack).not.toContain('entry.ts');
  });

  it('looks up no file at init, and leaves the frames as they are when the map is gone', () => {
    const alone = join(dir, 'without-map', 'index.mjs');
    mkdirSync(dirname(alone));
    copyFileSync(bundle, alone);
    const { installed, stack } = runFile(alone);
    expect(installed).toBe(true);
    expect(stack.split('\n')[0]).toBe('Error: no title');
    expect(stack).toMatch(/\n {4}at \S+ \(file:.*index\.mjs:\d+:\d+\)/);
    expect(stack).not.toContain('entry.ts');
  });

  it('leaves stacks alone when the code runs unbundled', () => {
    expect(mapStackTracesLazily(new URL('../../../functions/stack-traces.ts', import.meta.url).href)).toBe(
      false,
    );
    expect(mapStackTracesLazily('node:internal')).toBe(false);
  });
});
