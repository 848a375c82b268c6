/**
 * How every function is bundled and started: the one source of these settings for the CDK
 * stack (ServiceFunction) and for `npm run bench -- --only lambda`, which builds the same bundles.
 */

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
