/** UTF-8 pages are decoded without iconv-lite: its tables load at the first legacy charset only. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const decode = new URL('../../../shared/ingest/fetch/decode.ts', import.meta.url).href;
const script = `
import { createRequire } from 'node:module';
const { decodeBody } = await import(${JSON.stringify(decode)});
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('iconv-lite'));
const utf8 = decodeBody(new TextEncoder().encode('<meta charset="utf-8"><p>Tiếng Việt</p>'), 'text/html; charset=UTF-8');
const afterUtf8 = loaded();
const legacy = decodeBody(Uint8Array.from([0x54, 0x69, 0xea, 0xec, 0x6e, 0x67]), 'text/html; charset=windows-1258');
console.log(JSON.stringify({ utf8, afterUtf8, legacy, afterLegacy: loaded() }));
`;

describe('decodeBody', () => {
  it('loads iconv-lite at the first page in a legacy charset, not for UTF-8', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      encoding: 'utf-8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      utf8: '<meta charset="utf-8"><p>Tiếng Việt</p>',
      afterUtf8: false,
      legacy: 'Tiếng',
      afterLegacy: true,
    });
  });
});
