import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimDataFolder, DataFolderError, emptyDataFolder } from '../../../infra/local/data-folder.js';
import { FileWebhookSubscriptions } from '../../../shared/adapters/local/webhook-subscriptions.js';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-data-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the local data folder', () => {
  it('is refused, by name, to a second start while the first runs; taken over from one that ended', () => {
    const dir = folder();
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      writeFileSync(join(dir, 'bantin.pid'), String(running.pid));
      expect(() => claimDataFolder(dir)).toThrow(DataFolderError);
      expect(() => claimDataFolder(dir)).toThrow(
        `the data folder ${dir} is in use by another npm start (process ${running.pid})`,
      );
    } finally {
      running.kill();
    }
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'bantin.pid'), ended.stdout);
    const release = claimDataFolder(dir);
    expect(readFileSync(join(dir, 'bantin.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'bantin.pid'))).toBe(false);
  });

  it('keeps its claim through a reset', () => {
    const dir = folder();
    const release = claimDataFolder(dir);
    writeFileSync(join(dir, 'admin-token'), 'x');
    emptyDataFolder(dir);
    expect(existsSync(join(dir, 'admin-token'))).toBe(false);
    expect(readFileSync(join(dir, 'bantin.pid'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('names a damaged webhooks file and says what to do, leaving it as it is', () => {
    const file = join(folder(), 'webhooks.json');
    writeFileSync(file, '[{"id": "arn:aws:sns:x", "endp');
    const webhooks = new FileWebhookSubscriptions({
      file,
      topicArn: 'arn:aws:sns:x',
      publicBaseUrl: 'http://localhost:8787',
    });
    expect(() => webhooks.check()).toThrow(`the webhooks file ${file} is damaged`);
    expect(() => webhooks.check()).toThrow('restore it, or delete it to start without webhooks');
    expect(readFileSync(file, 'utf8')).toBe('[{"id": "arn:aws:sns:x", "endp');
  });
});
