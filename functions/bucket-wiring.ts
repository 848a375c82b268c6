/** The content bucket's adapters (S3), in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { S3RenderedDigestStore } from '../shared/adapters/s3/rendered-digest-store.js';

export const contentFromEnv = () => new S3ContentStore(requiredEnv(env.bucket));
export const rendersFromEnv = () => new S3RenderedDigestStore(requiredEnv(env.bucket));
