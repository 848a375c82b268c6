/**
 * `tsx infra/split-bundle.ts ENTRY OUTDIR`: writes a function's asset split (bundling.ts
 * splitBuildOptions) over the one file NodejsFunction bundled: run by its afterBundling hook.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { splitBuildOptions } from './bundling.js';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) throw new Error('usage: split-bundle.ts ENTRY OUTDIR');
for (const file of ['index.mjs', 'index.mjs.map']) rmSync(join(outdir, file), { force: true });
await build(splitBuildOptions(entry, outdir));
