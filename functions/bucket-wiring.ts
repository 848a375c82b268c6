/** The content bucket's adapters (S3), in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { makeS3Client } from '../shared/adapters/s3/client.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { S3MediaStore } from '../shared/adapters/s3/media-store.js';
import { S3RenderedDigestStore } from '../shared/adapters/s3/rendered-digest-store.js';
import { clientOf, type Platform, required } from './platform.js';

const s3Of = (p: Platform) => clientOf(p, 's3', 's3', makeS3Client);

export const contentFromEnv = (p: Platform) => new S3ContentStore(required(p.env, env.bucket), s3Of(p));
export const rendersFromEnv = (p: Platform) =>
  new S3RenderedDigestStore(required(p.env, env.bucket), s3Of(p));
/** Re-hosted article images: `media/` in the content bucket, served where mediaUrlsFromEnv (wiring.ts) says. */
export const mediaStoreFromEnv = (p: Platform) => new S3MediaStore(required(p.env, env.bucket), s3Of(p));
