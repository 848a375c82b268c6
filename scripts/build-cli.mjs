/**
 * `npm run build:cli` (run by `npm ci` too, as `prepare`): bundles the CLI once into dist/cli.mjs,
 * so `npm run cli` starts in well under a second instead of compiling TypeScript at each call.
 * dist/cli.meta.json lists the files bundled: scripts/cli.mjs rebuilds when one of them changes.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_FILE = `${root}dist/cli.mjs`;
export const CLI_META_FILE = `${root}dist/cli.meta.json`;

export async function buildCli() {
  mkdirSync(`${root}dist`, { recursive: true });
  // Written aside, then renamed: a CLI started meanwhile reads the old file or the new one, never half of one.
  const temporary = `${CLI_FILE}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['functions/cli/main.ts'],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies bundled into an ES module still call require for Node's built-ins.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
  });
  // Dependencies change with package-lock.json, which scripts/cli.mjs checks instead of every file.
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  writeFileSync(`${CLI_META_FILE}.${process.pid}.tmp`, JSON.stringify({ inputs }));
  renameSync(temporary, CLI_FILE);
  renameSync(`${CLI_META_FILE}.${process.pid}.tmp`, CLI_META_FILE);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();
