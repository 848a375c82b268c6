/**
 * How every function is bundled and started: the one source of these settings for the CDK
 * stack (ServiceFunction) and for `npm run bench -- --only lambda`, which builds the same bundles.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import type { Access, FunctionSpec } from './topology.js';

// ESM bundles have no `require`; some CommonJS dependencies still call it.
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __bantinCreateRequire } from 'node:module'; const require = __bantinCreateRequire(import.meta.url);";

export const SERVICE_BUNDLING = {
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  minify: true,
  // Read at the first stack trace (functions/stack-traces.ts), not at every cold start as Node's
  // --enable-source-maps does: no function sets NODE_OPTIONS.
  sourceMap: true,
  sourcesContent: false,
  // Tells functions/stack-traces.ts that the code runs bundled, its map beside it: no file is
  // looked up at init to find out.
  define: { BANTIN_BUNDLE_HAS_MAP: 'true' },
  // The AWS SDK v3 ships with the runtime; leaving it out keeps cold starts short. sharp has
  // native code: it is installed beside the bundles that resize images (topology nativeModules);
  // so are the packages in ON_DEMAND_MODULES.
  externalModules: ['@aws-sdk/*', 'sharp', 'iconv-lite', 'franc-min'],
} as const;

/**
 * Pure JavaScript packages that a function requires on a rare path only, from node_modules beside
 * its bundle (topology onDemandModules), so that their code is not compiled at every cold start:
 * iconv-lite's 480 KB of tables, for pages in a legacy charset (shared/ingest/fetch/decode.ts);
 * franc-min's language profiles, for pages that do not state their language
 * (shared/ingest/extract/language.ts).
 */
export const ON_DEMAND_MODULES = ['iconv-lite', 'franc-min'] as const;

/** The packages installed with npm beside a function's bundle instead of bundled. */
export function installedModules(spec: Pick<FunctionSpec, 'nativeModules' | 'onDemandModules'>): string[] {
  return [...(spec.nativeModules ?? []), ...(spec.onDemandModules ?? [])];
}

/**
 * Node's built-in modules that bundled code imports. An ES module import of a built-in makes Node
 * build a facade that reads every export, which loads their lazy parts (node:http's WebSocket
 * loads Node's whole fetch implementation): tens of milliseconds of every cold start, where a
 * require of the same module, already loaded by the AWS SDK, is free.
 */
const BUILTINS = [
  'async_hooks',
  'buffer',
  'console',
  'crypto',
  'dns',
  'dns/promises',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'module',
  'net',
  'os',
  'path',
  'stream',
  'string_decoder',
  'url',
  'util',
  'zlib',
] as const;

/**
 * esbuild aliases that send every import of a built-in to a one-line CommonJS module taking it
 * from the runtime (process.getBuiltinModule), written under node_modules/.cache of the project.
 */
export function builtinAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const name of BUILTINS) {
    const file = cachedModule(
      `${name.replace('/', '-')}.cjs`,
      `module.exports = process.getBuiltinModule('node:${name}');\n`,
    );
    aliases[`node:${name}`] = file;
    aliases[name] = file;
  }
  return aliases;
}

/** A generated module for the aliases, written under node_modules/.cache of the project. */
function cachedModule(name: string, code: string): string {
  const dir = join(
    fileURLToPath(new URL('..', import.meta.url)),
    'node_modules',
    '.cache',
    'bantin-builtins',
  );
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  if (!existsSync(file) || readFileSync(file, 'utf-8') !== code) writeFileSync(file, code);
  return file;
}

/**
 * Packages published both as ES modules and as CommonJS that CommonJS dependencies require
 * (sanitize-html requires htmlparser2, feed-parser html-entities) and ES ones import (cheerio):
 * esbuild would bundle both builds and run both at every cold start (entity tables included).
 * Aliased to their ES build, a bundle holds one copy; each is installed once, at the top.
 */
export const DUAL_PACKAGES = [
  'htmlparser2',
  'domhandler',
  'domutils',
  'dom-serializer',
  'html-entities',
] as const;

type ExportTarget = string | { [condition: string]: ExportTarget } | undefined;

/** The file an `import` of the package resolves to, from its package.json. */
export function esModuleEntry(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf-8')) as {
    exports?: ExportTarget;
    module?: string;
  };
  const root: ExportTarget =
    typeof manifest.exports === 'object' && '.' in manifest.exports
      ? manifest.exports['.']
      : manifest.exports;
  const pick = (target: ExportTarget): string | undefined =>
    typeof target === 'string' ? target : target && pick(target.import ?? target.default);
  const file = (typeof root === 'object' && root.import && pick(root.import)) || manifest.module;
  if (!file) throw new Error(`${packageDir} has no ES module build`);
  return join(packageDir, file);
}

/**
 * Packages a bundled dependency requires as it loads, for a feature no function uses: a bundle
 * gets a module that throws when called instead. postcss (90 KB with source-map-js): sanitize-html
 * parses style attributes with it, and the content allowlist keeps none (parseStyleAttributes
 * is off in shared/ingest/extract/sanitize.ts).
 */
export const UNUSED_PACKAGES = ['postcss'] as const;

/**
 * htmlparser2's entry re-exports domutils (`DomUtils`, `parseFeed`), and a package that requires
 * it (sanitize-html) keeps every export of what it requires: domutils, dom-serializer and the
 * entities tables (90 KB) ran at every cold start that parses HTML, used by none of them. Bundles
 * get its entry without those two, from its ES modules; an import of them fails the build.
 */
export const HTMLPARSER2_ENTRY_WITHOUT = ['DomUtils', 'parseFeed'] as const;

function htmlparser2Entry(packageDir: string): string {
  const dir = dirname(esModuleEntry(packageDir));
  return cachedModule(
    'htmlparser2-entry.mjs',
    `import { Parser } from ${JSON.stringify(join(dir, 'Parser.js'))};
import { DomHandler } from 'domhandler';
export { Parser, DomHandler, DomHandler as DefaultHandler };
export { default as Tokenizer, QuoteType } from ${JSON.stringify(join(dir, 'Tokenizer.js'))};
export * as ElementType from 'domelementtype';
export function parseDocument(data, options) {
  const handler = new DomHandler(undefined, options);
  new Parser(handler, options).end(data);
  return handler.root;
}
export function parseDOM(data, options) {
  return parseDocument(data, options).children;
}
export function createDocumentStream(callback, options, elementCallback) {
  const handler = new DomHandler((error) => callback(error, handler.root), options, elementCallback);
  return new Parser(handler, options);
}
export function createDomStream(callback, options, elementCallback) {
  return new Parser(new DomHandler(callback, options, elementCallback), options);
}
`,
  );
}

/** esbuild aliases: built-ins from the runtime, dual packages to their ES build, unused ones out. */
export function bundleAliases(): Record<string, string> {
  const modules = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules');
  const dual = DUAL_PACKAGES.map((name) => [
    name,
    name === 'htmlparser2' ? htmlparser2Entry(join(modules, name)) : esModuleEntry(join(modules, name)),
  ]);
  const unused = UNUSED_PACKAGES.map((name) => [
    name,
    cachedModule(
      `unused-${name}.cjs`,
      `module.exports = new Proxy({}, { get: (_, member) => () => { throw new Error(\`${name}.\${String(member)} is left out of the bundle (infra/bundling.ts)\`); } });\n`,
    ),
  ]);
  return { ...builtinAliases(), ...Object.fromEntries(dual), ...Object.fromEntries(unused) };
}

/** The options of esbuild's API that reproduce NodejsFunction's ESM bundle on nodejs24.x. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: [...SERVICE_BUNDLING.mainFields],
    banner: { js: SERVICE_BUNDLING.banner },
    minify: SERVICE_BUNDLING.minify,
    sourcemap: SERVICE_BUNDLING.sourceMap,
    sourcesContent: SERVICE_BUNDLING.sourcesContent,
    define: { ...SERVICE_BUNDLING.define },
    external: [...SERVICE_BUNDLING.externalModules],
    alias: bundleAliases(),
    logLevel: 'error',
  };
}

/**
 * The options of a function's asset: `index.mjs`, and a file of its own for each module it imports
 * dynamically (a rare path: the article extractor, previews, listing pages) with the chunks those
 * share, so that a cold start compiles and runs only what the handler imports statically. Split
 * files import the chunks they share with the bundle: one instance of every module (classes,
 * schemas, caches), as in the sources. NodejsFunction writes one file; the stack rebuilds its
 * asset with these (infra/split-bundle.ts, its afterBundling hook), and the bench measures them.
 */
export function splitBuildOptions(entry: string, outdir: string): BuildOptions {
  const { outfile: _, ...options } = esbuildOptions(entry, join(outdir, 'index.mjs'));
  return {
    ...options,
    plugins: [builtinsImportedDynamically()],
    outdir,
    splitting: true,
    entryNames: 'index',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
  };
}

/**
 * A dynamic `import()` of a built-in gets Node's own module, at that first use: split into a file
 * of its own, the CommonJS module of its alias (builtinAliases) would export only `default`
 * (`const { isIP } = await import('node:net')` would get undefined).
 */
function builtinsImportedDynamically(): Plugin {
  const byAlias = new Map(Object.entries(builtinAliases()).map(([name, file]) => [file, name]));
  return {
    name: 'builtins-imported-dynamically',
    setup(build) {
      build.onResolve({ filter: /.*/ }, ({ path, kind }) => {
        if (kind !== 'dynamic-import') return undefined;
        const name = byAlias.get(path) ?? (isBuiltin(path) ? path : undefined);
        return name ? { path: name.startsWith('node:') ? name : `node:${name}`, external: true } : undefined;
      });
    },
  };
}

/** The files of a split build: what a cold start loads (the bundle, the chunks it imports), the rest. */
export function splitFiles(metafile: Metafile, outdir: string): { atInit: string[]; lazy: string[] } {
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs)
      .filter(([file]) => file.endsWith('.mjs'))
      .map(([file, output]) => [resolve(file), output]),
  );
  const atInit = new Set<string>();
  const visit = (file: string) => {
    if (atInit.has(file) || !outputs[file]) return;
    atInit.add(file);
    for (const imported of outputs[file].imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(resolve(imported.path));
    }
  };
  visit(resolve(outdir, 'index.mjs'));
  return { atInit: [...atInit], lazy: Object.keys(outputs).filter((file) => !atInit.has(file)) };
}

/** The AWS SDK clients a function may create, by what its topology access lets it do. */
export const SDK_CLIENTS = {
  // util-dynamodb: the marshalling lib-dynamodb uses, imported directly by Powertools idempotency.
  dynamodb: { packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/util-dynamodb'] },
  s3: { packages: ['@aws-sdk/client-s3'] },
  sns: { packages: ['@aws-sdk/client-sns'] },
  sqs: { packages: ['@aws-sdk/client-sqs'] },
  ses: { packages: ['@aws-sdk/client-sesv2'] },
  secrets: { packages: ['@aws-sdk/client-secrets-manager'] },
} as const;
export type SdkClient = keyof typeof SDK_CLIENTS;

export function sdkClientsOf(access: Access): SdkClient[] {
  const used: SdkClient[] = [];
  if (access.tables && Object.keys(access.tables).length > 0) used.push('dynamodb');
  if (access.bucket) used.push('s3');
  if (access.publishesArticleEvents || access.managesWebhooks) used.push('sns');
  if (access.sendsTo && access.sendsTo.length > 0) used.push('sqs');
  if (access.sendsMail) used.push('ses');
  if (access.readsMailSecret) used.push('secrets');
  return used;
}
