/**
 * `npm run cli -- …`: runs the prebuilt CLI (dist/cli.mjs), building it first when it is missing
 * or older than a file it was built from (the sources, package-lock.json for the dependencies, the
 * build script).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_FILE, CLI_META_FILE } from './build-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function stale() {
  if (!existsSync(CLI_FILE) || !existsSync(CLI_META_FILE)) return true;
  const built = statSync(CLI_FILE).mtimeMs;
  const { inputs } = JSON.parse(readFileSync(CLI_META_FILE, 'utf8'));
  return [...inputs, 'package-lock.json', 'scripts/build-cli.mjs'].some((file) => {
    try {
      return statSync(`${root}${file}`).mtimeMs > built;
    } catch {
      return true; // a bundled file was moved or deleted
    }
  });
}

if (stale()) {
  process.stderr.write('bantin: building the CLI (dist/cli.mjs)…\n');
  await (await import('./build-cli.mjs')).buildCli();
}
await import(pathToFileURL(CLI_FILE).href);
