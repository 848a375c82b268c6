/**
 * Cold starts: each function's bundle, built with the stack's esbuild settings, loads at init
 * only the AWS SDK clients its topology access lets it use (a client imported "just in case"
 * costs every cold start); packages it loads from node_modules are installed beside it; source
 * maps are shipped and mapped at the first stack trace.
 */
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  CREATE_REQUIRE_BANNER,
  esbuildOptions,
  ON_DEMAND_MODULES,
  SDK_CLIENTS,
  sdkClientsOf,
} from '../../infra/bundling.js';
import { serviceBundling } from '../../infra/constructs/service-function.js';
import { type FunctionSpec, topology } from '../../infra/topology.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Packages of the AWS SDK a bundle imports statically, i.e. at init. */
function staticSdkImports(code: string): string[] {
  const found = code.matchAll(/(?:\bfrom|\bimport)\s*["'](@aws-sdk\/[a-z0-9-]+)["']/g);
  return [...new Set([...found].map((m) => m[1]!))].sort();
}

const bundles = new Map<string, Promise<string>>();
/** The minified code of a function's bundle, built once per run. */
function bundleOf(spec: FunctionSpec): Promise<string> {
  let code = bundles.get(spec.entry);
  if (!code) {
    code = build({
      ...esbuildOptions(`${projectRoot}/${spec.entry}`, '/virtual/index.mjs'),
      write: false,
    }).then((result) => result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text);
    bundles.set(spec.entry, code);
  }
  return code;
}

describe('function bundles', () => {
  const functions = Object.entries(topology.functions) as [string, FunctionSpec][];

  it.each(functions)('%s imports at init only the SDK clients its access allows', async (_name, spec) => {
    const code = await bundleOf(spec);
    const allowed: string[] = sdkClientsOf(spec.access).flatMap((c) => SDK_CLIENTS[c].packages);
    expect(staticSdkImports(code).filter((p) => !allowed.includes(p))).toEqual([]);
  });

  it.each(functions)(
    '%s has every package it loads from node_modules installed beside it',
    async (_name, spec) => {
      const code = await bundleOf(spec);
      const bundling = serviceBundling(spec);
      for (const name of ['sharp', ...ON_DEMAND_MODULES]) {
        expect(bundling.externalModules).toContain(name);
        // Named as a string only where it is imported or required at run time.
        if (code.includes(`"${name}"`)) expect(bundling.nodeModules ?? []).toContain(name);
      }
    },
  );

  it.each(functions)('%s takes Node built-ins from the runtime, not as ES modules', async (_name, spec) => {
    const code = (await bundleOf(spec)).replace(CREATE_REQUIRE_BANNER, '');
    const imported = [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']((?:node:)?[a-z_/]+)["']/g)].map(
      (m) => m[1]!,
    );
    expect(imported.filter((name) => isBuiltin(name))).toEqual([]);
    expect(serviceBundling(spec).esbuildArgs).toMatchObject({
      '--alias:node:http': expect.stringMatching(/http\.cjs$/),
      '--alias:zlib': expect.stringMatching(/zlib\.cjs$/),
    });
  });

  it.each(functions)('%s ships its source map, mapped at the first stack trace', async (_name, spec) => {
    expect(serviceBundling(spec)).toMatchObject({ sourceMap: true, minify: true, format: 'esm' });
    // lambdaHandler installs the lazy mapping (functions/stack-traces.ts) in every entry.
    expect(await bundleOf(spec)).toContain('.map`');
  });

  it('the import finder sees both import forms of a minified bundle', () => {
    expect(
      staticSdkImports('import{S3Client as a}from"@aws-sdk/client-s3";import"@aws-sdk/client-sns";'),
    ).toEqual(['@aws-sdk/client-s3', '@aws-sdk/client-sns']);
    expect(staticSdkImports('await import("@aws-sdk/client-secrets-manager")')).toEqual([]);
  });
});
