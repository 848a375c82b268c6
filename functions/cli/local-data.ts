/**
 * The data folder of a local `npm start` (BANTIN_DATA, default `.bantin/` in the project), where
 * the CLI finds what the running service keeps for it: the endpoints of its queues (`dlq`) and
 * the administrator's token (`sources`, `audit`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder with a package.json: this file runs from functions/cli/ (tsx) or, bundled, from dist/. */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function localDataDir(): string {
  return resolve(process.env.BANTIN_DATA ?? resolve(findProjectRoot(), '.bantin'));
}

/** The local administrator's token as `npm start` keeps it, with its file; undefined when there is none. */
export function localAdminToken(): { token: string; file: string } | undefined {
  const file = join(localDataDir(), 'admin-token');
  try {
    const token = readFileSync(file, 'utf8').trim();
    return token ? { token, file } : undefined;
  } catch {
    return undefined;
  }
}
