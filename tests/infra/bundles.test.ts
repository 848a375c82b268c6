/**
 * Cold starts: each function's bundle, built with the stack's esbuild settings, loads at init
 * only the AWS SDK clients its topology access lets it use (a client imported "just in case"
 * costs every cold start); packages it loads from node_modules are installed beside it; source
 * maps are shipped and mapped at the first stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  CREATE_REQUIRE_BANNER,
  DUAL_PACKAGES,
  esbuildOptions,
  ON_DEMAND_MODULES,
  SDK_CLIENTS,
  sdkClientsOf,
  splitBuildOptions,
  splitFiles,
  UNUSED_PACKAGES,
} from '../../infra/bundling.js';
import { serviceBundling } from '../../infra/constructs/service-function.js';
import { type FunctionSpec, topology } from '../../infra/topology.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Packages of the AWS SDK a bundle imports statically, i.e. at init. */
function staticSdkImports(code: string): string[] {
  const found = code.matchAll(/(?:\bfrom|\bimport)\s*["'](@aws-sdk\/[a-z0-9-]+)["']/g);
  return [...new Set([...found].map((m) => m[1]!))].sort();
}

interface Bundle {
  /** The code a cold start loads: the bundle and the chunks it imports. */
  code: string;
  /** All of it, with the files split from the bundle that load on first use. */
  allCode: string;
  /** The files esbuild read for it, relative to the project root. */
  inputs: string[];
  /** The files esbuild read for the code loaded at init. */
  initInputs: string[];
  metafile: Metafile;
}

const bundles = new Map<string, Promise<Bundle>>();
/** A function's asset as the stack builds it (minified code, input files), built once per run. */
function builtBundle(spec: FunctionSpec): Promise<Bundle> {
  let bundle = bundles.get(spec.entry);
  if (!bundle) {
    const outdir = '/virtual';
    bundle = build({ ...splitBuildOptions(`${projectRoot}/${spec.entry}`, outdir), write: false }).then(
      (result) => {
        const { atInit } = splitFiles(result.metafile!, outdir);
        const code = (files: typeof result.outputFiles) =>
          files
            .filter((f) => f.path.endsWith('.mjs'))
            .map((f) => f.text)
            .join('\n');
        const initOutputs = Object.entries(result.metafile!.outputs).filter(([file]) =>
          atInit.includes(resolve(file)),
        );
        return {
          code: code(result.outputFiles.filter((f) => atInit.includes(f.path))),
          allCode: code(result.outputFiles),
          inputs: Object.keys(result.metafile!.inputs),
          initInputs: [...new Set(initOutputs.flatMap(([, output]) => Object.keys(output.inputs)))],
          metafile: result.metafile!,
        };
      },
    );
    bundles.set(spec.entry, bundle);
  }
  return bundle;
}
const bundleOf = async (spec: FunctionSpec) => (await builtBundle(spec)).code;

/** Bundles `source` (a module importing the project's files) as the stack bundles a function, and runs it. */
async function runBundled(source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-bundle-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, source);
    const file = join(dir, 'index.mjs');
    await build(esbuildOptions(entry, file));
    return {
      bundle: readFileSync(file, 'utf-8'),
      run: spawnSync(process.execPath, [file], { encoding: 'utf-8' }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The package directories (`node_modules/…`) whose files a bundle holds. */
function bundledPackages(inputs: string[]): string[] {
  const dirs = inputs.map((file) => /^(.*node_modules\/(?:@[^/]+\/)?[^/.][^/]*)\//.exec(file)?.[1]);
  return [...new Set(dirs.filter((dir): dir is string => dir !== undefined))];
}

/** The files a package's main entry resolves to for `import` and for `require`, when they differ. */
function dualEntries(packageDir: string): { import: string; require: string } | undefined {
  const manifest = JSON.parse(readFileSync(join(projectRoot, packageDir, 'package.json'), 'utf-8'));
  const root = manifest.exports?.['.'] ?? manifest.exports;
  const pick = (target: unknown): string | undefined =>
    typeof target === 'string'
      ? target
      : target && typeof target === 'object'
        ? pick((target as Record<string, unknown>).default ?? (target as Record<string, unknown>).node)
        : undefined;
  const esm = pick(root?.import);
  const cjs = pick(root?.require);
  if (!esm || !cjs || esm === cjs) return undefined;
  return { import: join(packageDir, esm), require: join(packageDir, cjs) };
}

describe('function bundles', () => {
  const functions = Object.entries(topology.functions) as [string, FunctionSpec][];

  it.each(functions)('%s imports at init only the SDK clients its access allows', async (_name, spec) => {
    const code = await bundleOf(spec);
    const allowed: string[] = sdkClientsOf(spec.access).flatMap((c) => SDK_CLIENTS[c].packages);
    expect(staticSdkImports(code).filter((p) => !allowed.includes(p))).toEqual([]);
  });

  it.each([
    [
      'ingest-source',
      [
        'shared/ingest/extract/extract-article.ts',
        'shared/ingest/discover/discover-from-listing.ts',
        // Loaded with the first changed feed (a constant of its module kept it at init: 1.42×).
        'shared/ingest/feed-parser/parse-feed.ts',
        'node_modules/@rowanmanning/feed-parser/',
        'node_modules/fast-xml-parser/',
        'node_modules/cheerio/',
        'node_modules/sanitize-html/',
      ],
    ],
    [
      'admin-api',
      [
        'shared/admin/preview-source.ts',
        'shared/admin/reextract-source.ts',
        'shared/ingest/fetch/fetcher.ts',
        'node_modules/cheerio/',
        'node_modules/sanitize-html/',
      ],
    ],
    // Unsubscribe clicks and page views compute no digest schedule.
    ['subscriptions', ['shared/mail/schedule.ts', 'node_modules/luxon/']],
  ] as const)('%s compiles its rare paths at their first use, not at a cold start', async (name, rare) => {
    const { inputs, initInputs } = await builtBundle(topology.functions[name]);
    for (const module of rare) {
      expect(inputs.some((file) => file.includes(module))).toBe(true);
      expect(initInputs.filter((file) => file.includes(module))).toEqual([]);
    }
  });

  it.each(functions)(
    '%s has every package it loads from node_modules installed beside it',
    async (_name, spec) => {
      const code = (await builtBundle(spec)).allCode;
      const bundling = serviceBundling(spec);
      for (const name of ['sharp', ...ON_DEMAND_MODULES]) {
        expect(bundling.externalModules).toContain(name);
        // Named as a string only where it is imported or required at run time.
        if (code.includes(`"${name}"`)) expect(bundling.nodeModules ?? []).toContain(name);
      }
    },
  );

  it.each(functions)(
    '%s knows at build time that its map is beside it (no lookup at init)',
    async (_name, spec) => {
      // Defined by the bundler, so functions/stack-traces.ts maps stacks without looking for the map.
      expect((await builtBundle(spec)).allCode).not.toContain('BANTIN_BUNDLE_HAS_MAP');
      expect(serviceBundling(spec).define).toEqual({ BANTIN_BUNDLE_HAS_MAP: 'true' });
    },
  );

  it.each(functions)('%s takes Node built-ins from the runtime, not as ES modules', async (_name, spec) => {
    const code = (await builtBundle(spec)).allCode.replaceAll(CREATE_REQUIRE_BANNER, '');
    // Static imports: a dynamic import() gets Node's module at its first use (bundling.ts).
    const imported = [...code.matchAll(/(?:\bfrom|\bimport)\s*["']((?:node:)?[a-z_/]+)["']/g)].map(
      (m) => m[1]!,
    );
    expect(imported.filter((name) => isBuiltin(name))).toEqual([]);
    expect(serviceBundling(spec).esbuildArgs).toMatchObject({
      '--alias:node:http': expect.stringMatching(/http\.cjs$/),
      '--alias:zlib': expect.stringMatching(/zlib\.cjs$/),
    });
  });

  it.each(functions)(
    '%s gets every export of what it imports dynamically, not a CommonJS default alone',
    async (_name, spec) => {
      const { metafile } = await builtBundle(spec);
      // A split file made of a CommonJS module exports only `default`; Node would give its named exports too.
      const defaultOnly = Object.values(metafile.outputs).filter(
        (output) =>
          output.entryPoint !== undefined &&
          metafile.inputs[output.entryPoint]?.format === 'cjs' &&
          output.exports.join() === 'default',
      );
      expect(defaultOnly.map((output) => output.entryPoint)).toEqual([]);
      // Built-ins imported dynamically are Node's own.
      expect((await builtBundle(spec)).allCode).not.toMatch(
        /import\(["']\.\/(?:net|async_hooks)-\w+\.mjs["']\)/,
      );
    },
  );

  it.each(functions)('%s ships its source map, mapped at the first stack trace', async (_name, spec) => {
    expect(serviceBundling(spec)).toMatchObject({ sourceMap: true, minify: true, format: 'esm' });
    // lambdaHandler installs the lazy mapping (functions/stack-traces.ts) in every entry.
    expect(await bundleOf(spec)).toContain('.map`');
  });

  it.each(functions)(
    '%s holds one build of each package, not its ES and CommonJS ones',
    async (_name, spec) => {
      const { inputs } = await builtBundle(spec);
      const both = bundledPackages(inputs).filter((dir) => {
        const entries = dualEntries(dir);
        return entries && inputs.includes(entries.import) && inputs.includes(entries.require);
      });
      expect(both).toEqual([]);
    },
  );

  it.each(functions)('%s bundles no package the aliases replace by another copy', async (_name, spec) => {
    const { inputs } = await builtBundle(spec);
    const packages = bundledPackages(inputs);
    // A package with its own copy of an aliased one would get the top-level copy instead.
    const shadowed = packages.flatMap((dir) =>
      DUAL_PACKAGES.filter((name) => existsSync(join(projectRoot, dir, 'node_modules', name))).map(
        (name) => `${dir} → ${name}`,
      ),
    );
    expect(shadowed).toEqual([]);
    for (const name of UNUSED_PACKAGES) expect(packages).not.toContain(`node_modules/${name}`);
  });

  it.each(functions)('%s builds its schemas with zod/mini: no classic zod at init', async (_name, spec) => {
    const { initInputs } = await builtBundle(spec);
    expect(initInputs.filter((file) => file.includes('node_modules/zod/v4/classic/'))).toEqual([]);
  });

  it.each([
    [
      'shared/domain/events.js',
      'IngestRequestSchema',
      { sourceId: 'tn', requestedAt: 'yesterday', reason: 'whim', extra: 1 },
      [
        ['requestedAt', 'Invalid ISO datetime'],
        ['reason', 'Invalid option: expected one of "schedule"|"manual"'],
        ['', 'Unrecognized key: "extra"'],
      ],
    ],
    [
      'shared/domain/subscriber.js',
      'SubscriptionPreferencesSchema',
      { sendHour: 24, keywords: [' a '] },
      [
        ['keywords.0', 'Too small: expected string to have >=2 characters'],
        ['sendHour', 'Too big: expected number to be <=23'],
      ],
    ],
  ])(
    'a bundled schema (%s %s) refuses input with the English messages of classic zod',
    async (module, name, input, issues) => {
      const { run } = await runBundled(
        `import { ${name} } from '${projectRoot}${module}';\n` +
          `const { error } = ${name}.safeParse(${JSON.stringify(input)});\n` +
          `console.log(JSON.stringify(error.issues.map((i) => [i.path.join('.'), i.message])));\n`,
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual(issues);
    },
  );

  it('a bundle sanitizes article HTML without the packages it leaves out', async () => {
    const { bundle, run } = await runBundled(
      `import { sanitizeContentHtml } from '${projectRoot}shared/ingest/extract/sanitize.js';\n` +
        `console.log(sanitizeContentHtml('<p style="color:red" onclick="x()">Tin &amp; ảnh<script>x()</script></p>'));\n`,
    );
    expect(bundle).toContain('is left out of the bundle');
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('<p>Tin &amp; ảnh</p>');
  });

  it('parses HTML without domutils, its serializer and entity tables where no DOM is walked', async () => {
    const feeds = await builtBundle(topology.functions['build-feeds']);
    expect(feeds.inputs.some((file) => file.includes('node_modules/htmlparser2/'))).toBe(true);
    for (const name of ['domutils', 'dom-serializer', 'entities']) {
      expect(bundledPackages(feeds.inputs)).not.toContain(`node_modules/${name}`);
    }
    // The entry without DomUtils still serves the DOM readers (cheerio) and the streaming ones.
    const { run } = await runBundled(
      `import { htmlToText } from '${projectRoot}shared/ingest/feed-parser/item-fields.js';\n` +
        `import { imageSources } from '${projectRoot}shared/ingest/images/rewrite-html.js';\n` +
        `const html = '<p>Tin <b>nóng</b></p><p><img src="/a.jpg">hai</p>';\n` +
        `console.log(imageSources(html, 'https://tin.example.vn/x').join(), htmlToText(html));\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('https://tin.example.vn/a.jpg Tin nóng hai');
  });

  it.each([
    // A body is read only for an event announced again from the index, without its excerpt.
    ['send-alerts', ['@aws-sdk/client-s3'], ['shared/adapters/s3/']],
    // Only a subscribe request queues: unsubscribes, confirmations and pages do not.
    ['subscriptions', ['@aws-sdk/client-sqs'], ['shared/adapters/sqs/']],
    // Most runs find no reader due and no alert held back.
    [
      'plan-digests',
      ['@aws-sdk/client-s3', '@aws-sdk/client-sqs'],
      ['shared/adapters/s3/', 'shared/adapters/sqs/'],
    ],
    // Most polls find nothing new: nothing to store, nothing to announce.
    [
      'ingest-source',
      ['@aws-sdk/client-s3', '@aws-sdk/client-sns'],
      ['shared/adapters/s3/', 'shared/adapters/sns/'],
    ],
    // Most administration requests only read tables.
    [
      'admin-api',
      ['@aws-sdk/client-s3', '@aws-sdk/client-sns', '@aws-sdk/client-sqs'],
      ['shared/adapters/s3/', 'shared/adapters/sns/', 'shared/adapters/sqs/'],
    ],
  ] as const)(
    '%s loads %j with the first call that needs one, not at a cold start',
    async (name, clients, adapters) => {
      const bundle = await builtBundle(topology.functions[name]);
      expect(staticSdkImports(bundle.code)).toContain('@aws-sdk/client-dynamodb');
      for (const client of clients) {
        expect(staticSdkImports(bundle.code)).not.toContain(client);
        expect(bundle.allCode).toContain(client);
      }
      for (const adapter of adapters) {
        expect(bundle.initInputs.filter((file) => file.includes(adapter))).toEqual([]);
        expect(bundle.inputs.some((file) => file.includes(adapter))).toBe(true);
      }
    },
  );

  it('the import finder sees both import forms of a minified bundle', () => {
    expect(
      staticSdkImports('import{S3Client as a}from"@aws-sdk/client-s3";import"@aws-sdk/client-sns";'),
    ).toEqual(['@aws-sdk/client-s3', '@aws-sdk/client-sns']);
    expect(staticSdkImports('await import("@aws-sdk/client-secrets-manager")')).toEqual([]);
  });
});
