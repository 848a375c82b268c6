import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFauxqsStores } from '../../../infra/local/persistent-s3-store.js';

describe("the local S3 store's folder", () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bantin-s3-'));
    folders.push(dir);
    return dir;
  };

  it('keeps objects whole across a restart, and drops a file a killed write left half-written', async () => {
    const dir = folder();
    const first = (await createFauxqsStores(dir)).s3Store;
    first.createBucket('content');
    first.putObject('content', 'state/feeds/all.json', Buffer.from('{"window":["a"]}'), 'application/json');
    // No write goes to the object's own file until it is whole.
    expect(readFileSync(join(dir, 'content', 'state/feeds/all.json'), 'utf-8')).toBe('{"window":["a"]}');
    // A process killed while writing the next version leaves its partial file beside it.
    mkdirSync(join(dir, 'content', 'state/feeds'), { recursive: true });
    writeFileSync(join(dir, 'content', 'state/feeds/all.json.bantin-partial'), '{"window":["a","');

    const second = (await createFauxqsStores(dir)).s3Store;
    second.createBucket('content');
    expect(second.headObject('content', 'state/feeds/all.json').etag).toBeTruthy();
    expect(() => second.headObject('content', 'state/feeds/all.json.bantin-partial')).toThrow();
    expect(existsSync(join(dir, 'content', 'state/feeds/all.json.bantin-partial'))).toBe(false);
  });
});
