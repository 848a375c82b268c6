/**
 * `npm start` stops when npm is stopped. npm passes a signal only to the shell it runs the script
 * in (`sh -c`), which dies without passing it on; the service must not be left serving, holding
 * its ports and the endpoints file that `npm run cli -- dlq` reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../support/local-stack.js';
import { freePort } from '../support/processes.js';

/** Start and stop on a loaded 2-core machine: a hang guard, not a timing. */
const GUARD_MS = 180_000;

const listenable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 200));
}

it(
  'stops, freeing its port and removing its endpoints file, when npm start gets SIGTERM',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bantin-stop-'));
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        BANTIN_DATA: dataDir,
        PORT: String(port),
        SAMPLE_NEWSPAPER_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (d) => {
      output += d;
    });
    npm.stderr.on('data', (d) => {
      output += d;
    });
    try {
      await until(() => output.includes('Bantin is running at') || npm.exitCode !== null);
      expect(output).toContain('Bantin is running at');
      const endpoints = join(dataDir, 'local-aws.json');
      expect(existsSync(endpoints)).toBe(true);

      npm.kill('SIGTERM');
      await until(async () => !existsSync(endpoints) && (await listenable(port)));
      expect(output).toContain('stopping (');
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  },
  GUARD_MS,
);
