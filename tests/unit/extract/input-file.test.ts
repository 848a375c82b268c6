import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputFilePath, withInputFile } from '../../../functions/cli/input.js';

const dir = mkdtempSync(join(tmpdir(), 'bantin-input-'));
const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const copy = (path: string) => withInputFile(path, (bytes) => Buffer.from(bytes));

describe('withInputFile', () => {
  it('gives each file its own bytes, whether larger or smaller than the one before', () => {
    const sizes = [10, 70_000, 3, 0, 250_000, 1, 70_000];
    const paths = sizes.map((size, i) => file(`f${i}.html`, Buffer.alloc(size, 0x41 + i)));
    for (const path of [...paths, ...paths.reverse()]) expect(copy(path)).toEqual(readFileSync(path));
  });

  it('reads to the end a file that says no size (a pipe, a device, /proc)', () => {
    const status = copy('/proc/self/status');
    expect(status.toString()).toMatch(/^Name:/);
  });

  it('fails with the reason a user can act on: missing, a directory, too large', () => {
    expect(() => copy(join(dir, 'none.html'))).toThrow('no such file (ENOENT)');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => copy(sub)).toThrow('is a directory, not a file (EISDIR)');
    const huge = file('huge.html', Buffer.from('<p>'));
    truncateSync(huge, 51 * 1024 * 1024);
    expect(() => copy(huge)).toThrow('51 MB, more than the 50 MB a page may be');
  });
});

describe('inputFilePath', () => {
  it('reads a file: URL as the file it names, and a path as it is', () => {
    const path = file('page with space é.html', Buffer.from('<p>x</p>'));
    expect(inputFilePath(pathToFileURL(path).href)).toBe(path);
    expect(inputFilePath(path)).toBe(path);
    expect(inputFilePath('pages/a.html')).toBe('pages/a.html');
    expect(inputFilePath('C:page.html')).toBe('C:page.html');
  });

  it('refuses another scheme by name, and a file: URL of another host', () => {
    expect(() => inputFilePath('ftp://example.com/a.html')).toThrow(
      'ftp: URLs are not read (http, https, file, or a path)',
    );
    expect(() => inputFilePath('file://elsewhere/a.html')).toThrow(/^not a local file URL/);
  });

  it('reads a file: URL without its empty host (file:/path), as URL parsers do', () => {
    const path = file('short-form.html', Buffer.from('<p>x</p>'));
    expect(inputFilePath(`file:${path}`)).toBe(path);
  });
});
