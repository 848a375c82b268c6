/**
 * The secret that signs subscribers' links: `MAIL_TOKEN_SECRET` itself (local mode, generated
 * once into the data folder), or read from Secrets Manager (`MAIL_TOKEN_SECRET_ARN`, generated
 * by CloudFormation, never in the template or the function's configuration).
 */
export async function readTokenSecret(
  env: Readonly<Record<string, string | undefined>>,
  variables: { value: string; arn: string },
  clientConfig: Record<string, unknown>,
): Promise<string> {
  const direct = env[variables.value];
  if (direct) return direct;
  const arn = env[variables.arn];
  if (!arn) throw new Error(`environment variable ${variables.value} or ${variables.arn} must be set`);
  // Imported on this once-per-container path only, not at every cold start's init.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new SecretsManagerClient(clientConfig).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!SecretString) throw new Error(`secret ${arn} has no string value`);
  return SecretString;
}
