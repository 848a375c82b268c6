/**
 * The data folder of a local `npm start` (BANTIN_DATA, default `.bantin/` in the project), where
 * the CLI finds what the running service keeps for it: the endpoints of its queues (`dlq`) and
 * the administrator's token (`sources`, `audit`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderHolder } from '../../infra/local/data-folder.js';
import { readLocalEndpoints } from '../../infra/local/endpoints.js';

/** The nearest folder with a package.json: this file runs from functions/cli/ (tsx) or, bundled, from dist/. */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function localDataDir(): string {
  return resolve(process.env.BANTIN_DATA ?? resolve(findProjectRoot(), '.bantin'));
}

/** The API address of the `npm start` running on the data folder (its own PORT), if one runs. */
export function localApiUrl(): string | undefined {
  const dir = localDataDir();
  try {
    const endpoints = readLocalEndpoints(dir);
    return endpoints?.apiUrl && folderHolder(dir) !== undefined ? endpoints.apiUrl : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local administrator's token as `npm start` keeps it, with its file, for `apiUrl`: only
 * while that start runs (it holds the data folder) and only to the port its API answers on, so
 * no other program listening on this machine gets it. Undefined otherwise.
 */
export function localAdminToken(apiUrl: string): { token: string; file: string } | undefined {
  const running = localApiUrl();
  if (!running || portOf(apiUrl) !== portOf(running)) return undefined;
  const file = join(localDataDir(), 'admin-token');
  try {
    const token = readFileSync(file, 'utf8').trim();
    return token ? { token, file } : undefined;
  } catch {
    return undefined;
  }
}

function portOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  } catch {
    return undefined;
  }
}
