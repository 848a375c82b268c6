/**
 * How every function is bundled and started: the one source of these settings for the CDK
 * stack (ServiceFunction) and for `npm run bench -- --only lambda`, which builds the same bundles.
 */
import type { BuildOptions } from 'esbuild';
import type { Access } from './topology.js';

// ESM bundles have no `require`; some CommonJS dependencies still call it.
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __bantinCreateRequire } from 'node:module'; const require = __bantinCreateRequire(import.meta.url);";

export const SERVICE_BUNDLING = {
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The AWS SDK v3 ships with the runtime; leaving it out keeps cold starts short.
  externalModules: ['@aws-sdk/*'],
} as const;

/** NODE_OPTIONS of every function. */
export const SERVICE_NODE_OPTIONS = '--enable-source-maps';

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
    external: [...SERVICE_BUNDLING.externalModules],
    logLevel: 'error',
  };
}

/** The AWS SDK clients a function may create, by what its topology access lets it do. */
export const SDK_CLIENTS = {
  dynamodb: { packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] },
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
