import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Hang guards, not speed limits: a busy 2-core machine runs the end-to-end tests many times slower.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Many files wait on embedded stacks, services and a browser: one worker per core, not one less
    // (vitest's default), keeps both cores of a 2-core machine busy.
    maxWorkers: Math.max(2, availableParallelism()),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    setupFiles: ['tests/support/cdk-outdir.ts'],
  },
});
