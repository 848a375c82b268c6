/**
 * `npm run build:cli` (run by `npm ci` too, as `prepare`): bundles the CLI once into dist/cli.mjs,
 * so `npm run cli` starts in well under a second instead of compiling TypeScript at each call.
 * Each command's modules go to their own chunks (dist/chunks/), loaded when the command runs:
 * `extract` starts without reading the CDK or the AWS SDK.
 * dist/cli.meta.json lists the files bundled: scripts/cli.mjs rebuilds when one of them changes.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_FILE = `${root}dist/cli.mjs`;
export const CLI_META_FILE = `${root}dist/cli.meta.json`;
const CHUNKS = `${root}dist/chunks`;

/**
 * cheerio imports the ES build of htmlparser2 and its family, sanitize-html requires their CommonJS
 * build: bundled as they are, the parser is there twice, and V8 compiles and warms up both copies.
 * A require of one of them resolves to the ES build of the same version instead.
 */
const oneHtmlParser = {
  name: 'one-html-parser',
  setup(build) {
    const family = /^(?:htmlparser2|domhandler|domutils|domelementtype|dom-serializer|entities)$/;
    build.onResolve({ filter: family }, (args) =>
      args.kind === 'require-call'
        ? build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir })
        : undefined,
    );
  },
};

export async function buildCli() {
  // Loaded here, not at the top: scripts/cli.mjs imports this file at every start, and esbuild costs ~0.1 s to load.
  const { build } = await import('esbuild');
  // Built aside, then moved: a CLI started meanwhile reads the old entry or the new one, never half of one.
  const staging = `${root}dist/.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // The entry is dated when the sources were read, not when it was written: a source saved
  // while esbuild ran is newer than the build, and the next run builds again.
  const started = new Date();
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['functions/cli/main.ts'],
      outdir: staging,
      entryNames: 'cli',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Less to read and compile at each start; names stay, so stack traces still read.
      minifyWhitespace: true,
      minifySyntax: true,
      // CommonJS dependencies bundled into an ES module still call require for Node's built-ins.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      metafile: true,
      plugins: [oneHtmlParser],
      logLevel: 'warning',
    });
    // Chunks are named by their content hash: the new ones go in beside the old before the entry moves.
    mkdirSync(CHUNKS, { recursive: true });
    const chunks = readdirSync(`${staging}/chunks`);
    for (const chunk of chunks) renameSync(`${staging}/chunks/${chunk}`, `${CHUNKS}/${chunk}`);
    // Dependencies change with package-lock.json, which scripts/cli.mjs checks instead of every file.
    const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
    writeFileSync(`${staging}/cli.meta.json`, JSON.stringify({ inputs }));
    utimesSync(`${staging}/cli.mjs`, started, started);
    renameSync(`${staging}/cli.mjs`, CLI_FILE);
    renameSync(`${staging}/cli.meta.json`, CLI_META_FILE);
    // Chunks of earlier builds: only the new entry is left to load them, and it does not.
    const current = new Set(chunks);
    for (const chunk of readdirSync(CHUNKS)) {
      if (!current.has(basename(chunk))) rmSync(`${CHUNKS}/${chunk}`, { force: true });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();
