/** The content bucket's adapters (S3), in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { S3MediaStore } from '../shared/adapters/s3/media-store.js';
import { S3RenderedDigestStore } from '../shared/adapters/s3/rendered-digest-store.js';
import type { MediaSettings } from '../shared/ingest/images/rehost-images.js';

export const contentFromEnv = () => new S3ContentStore(requiredEnv(env.bucket));
export const rendersFromEnv = () => new S3RenderedDigestStore(requiredEnv(env.bucket));
/** Re-hosted article images: `media/` in the content bucket, served beside the feeds at `/media/`. */
export const mediaFromEnv = (): MediaSettings => ({
  store: new S3MediaStore(requiredEnv(env.bucket)),
  baseUrl:
    process.env[env.mediaBaseUrl]?.replace(/\/+$/, '') ||
    `${requiredEnv(env.feedsBaseUrl)
      .replace(/\/+$/, '')
      .replace(/\/feeds$/, '')}/media`,
});
