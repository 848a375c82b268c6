/**
 * What every adapter's wiring shares. The SDK clients live one per module beside their adapters
 * (dynamodb/client.ts, s3/client.ts, sns/client.ts, sqs/client.ts): endpoints come from the SDK's
 * own settings, so the embedded stand-ins are reached by setting AWS_ENDPOINT_URL.
 */

/** Reads a required environment variable, failing with its name at cold start. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
