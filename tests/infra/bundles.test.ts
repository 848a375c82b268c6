/**
 * Cold starts: each function's bundle, built with the stack's esbuild settings, loads at init
 * only the AWS SDK clients its topology access lets it use (a client imported "just in case"
 * costs every cold start).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, SDK_CLIENTS, sdkClientsOf } from '../../infra/bundling.js';
import { type FunctionSpec, topology } from '../../infra/topology.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Packages of the AWS SDK a bundle imports statically, i.e. at init. */
function staticSdkImports(code: string): string[] {
  const found = code.matchAll(/(?:\bfrom|\bimport)\s*["'](@aws-sdk\/[a-z0-9-]+)["']/g);
  return [...new Set([...found].map((m) => m[1]!))].sort();
}

describe('function bundles', () => {
  const functions = Object.entries(topology.functions) as [string, FunctionSpec][];

  it.each(functions)('%s imports at init only the SDK clients its access allows', async (_name, spec) => {
    const result = await build({
      ...esbuildOptions(`${projectRoot}/${spec.entry}`, '/virtual/index.mjs'),
      write: false,
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
    const allowed: string[] = sdkClientsOf(spec.access).flatMap((c) => SDK_CLIENTS[c].packages);
    expect(staticSdkImports(code).filter((p) => !allowed.includes(p))).toEqual([]);
  });

  it('the import finder sees both import forms of a minified bundle', () => {
    expect(
      staticSdkImports('import{S3Client as a}from"@aws-sdk/client-s3";import"@aws-sdk/client-sns";'),
    ).toEqual(['@aws-sdk/client-s3', '@aws-sdk/client-sns']);
    expect(staticSdkImports('await import("@aws-sdk/client-secrets-manager")')).toEqual([]);
  });
});
