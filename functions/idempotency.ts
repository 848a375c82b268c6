/**
 * Powertools idempotency for queue consumers whose work has no natural key of its own (a
 * signup request, a mail feedback): a message body handled once is not handled again, even
 * when SQS delivers it twice at once (the second delivery fails while the first is in
 * progress, and finds the first one's result when it comes back). Records live in the
 * deliveries table (`key`, `expiresAt`: its TTL, which conditions check as dynalite has none).
 */

import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { env } from '../infra/topology.js';
import { type Platform, required } from './platform.js';
import { dynamodbOf } from './wiring.js';

/** A message handled once is remembered this long: past any retry or redrive of it. */
const REMEMBER_SECONDS = 14 * 24 * 3600;

export function idempotentMessages(platform: Platform, functionName: string) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: required(platform.env, env.table('deliveries')),
    keyAttr: 'key',
    expiryAttr: 'expiresAt',
    awsSdkV3Client: dynamodbOf(platform),
  });
  const config = new IdempotencyConfig({ expiresAfterSeconds: REMEMBER_SECONDS });
  return {
    /** `handle` once per message body (its first argument). */
    once<A extends [unknown, ...unknown[]], R>(handle: (...args: A) => Promise<R>) {
      return makeIdempotent(handle, { persistenceStore, config, keyPrefix: `idempotency#${functionName}` });
    },
    /** Lets an in-progress record expire with the invocation, so a crashed one is retried. */
    registerContext(context: Context | undefined) {
      if (context) config.registerLambdaContext(context);
    },
  };
}
