/**
 * Each test file synthesizes its CDK apps into a folder of its own, removed after the file: an
 * App without `outdir` makes a new `cdk.outXXXXXX` folder in the temporary directory at each
 * synthesis and leaves it there (ten folders, 7 MB, after every `npm test`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outdir = mkdtempSync(join(tmpdir(), 'bantin-cdk-test-'));
process.env.CDK_OUTDIR = outdir;

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});
