import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The secret that signs subscribers' links: `MAIL_TOKEN_SECRET` itself (local mode, generated
 * once into the data folder), or read from Secrets Manager (`MAIL_TOKEN_SECRET_ARN`, generated
 * by CloudFormation, never in the template or the function's configuration).
 */
export async function readTokenSecret(
  env: Readonly<Record<string, string | undefined>>,
  variables: { value: string; arn: string },
  secrets: () => SecretsManagerClient,
): Promise<string> {
  const direct = env[variables.value];
  if (direct) return direct;
  const arn = env[variables.arn];
  if (!arn) throw new Error(`environment variable ${variables.value} or ${variables.arn} must be set`);
  const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error(`secret ${arn} has no string value`);
  return SecretString;
}
