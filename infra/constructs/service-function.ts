import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleAliases, installedModules, SERVICE_BUNDLING } from '../bundling.js';
import type { FunctionSpec } from '../topology.js';

/** The newest Node.js runtime aws-cdk-lib knows; cdk-nag AwsSolutions-L1 insists on it. */
export const SERVICE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface ServiceFunctionProps {
  /** The topology name of the function, e.g. `ingest-source`. */
  name: string;
  spec: FunctionSpec;
  /** Absolute path of the project root: topology entries are relative to it. */
  projectRoot: string;
  environment: Record<string, string>;
  /** The topology's timeout unless derived otherwise (infra/capacity.ts). */
  timeoutSeconds?: number;
  /** Concurrent executions kept for the function, and its ceiling. */
  reservedConcurrency?: number;
  logRetention?: logs.RetentionDays;
}

/**
 * How a function is bundled (infra/bundling.ts): minified ESM with a source map, its rare paths in
 * files of their own, the SDK left to the runtime, and the packages it loads from node_modules
 * installed beside the bundle.
 */
export function serviceBundling(spec: FunctionSpec): nodejs.BundlingOptions {
  const installed = installedModules(spec);
  return {
    format: nodejs.OutputFormat.ESM,
    ...SERVICE_BUNDLING,
    mainFields: [...SERVICE_BUNDLING.mainFields],
    define: { ...SERVICE_BUNDLING.define },
    externalModules: [...SERVICE_BUNDLING.externalModules],
    // Built-ins required from the runtime, dual packages bundled once (bundling.ts).
    esbuildArgs: Object.fromEntries(
      Object.entries(bundleAliases()).map(([name, file]) => [`--alias:${name}`, file]),
    ),
    // Native packages (sharp) and on-demand ones (iconv-lite, franc-min) are installed beside the bundle with
    // npm, for Lambda's Linux on arm64, from the lock file's prebuilt binaries: no Docker, no compiler.
    ...(installed.length > 0 && {
      nodeModules: installed,
      environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
    }),
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        // NodejsFunction bundles into one file: the asset is rebuilt with each module the
        // handler imports dynamically in a file of its own, loaded on first use (bundling.ts).
        `npx tsx "${path.join(inputDir, 'infra', 'split-bundle.ts')}" "${path.join(inputDir, spec.entry)}" "${outputDir}"`,
        // Files the handler reads at run time (the admin page's HTML, script and style).
        ...(spec.assets
          ? [`cp -R "${path.join(inputDir, spec.assets)}" "${path.join(outputDir, 'assets')}"`]
          : []),
      ],
    },
  };
}

/**
 * One Lambda function of Bantin with every default in one place: newest Node runtime, arm64,
 * minified ESM bundle with source maps, active tracing, JSON logs into a log group with a
 * retention, a role that can write only to that log group, and alarms on its errors and
 * throttles.
 */
export class ServiceFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { name, spec, projectRoot } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of the AWSLambdaBasicExecutionRole managed policy (cdk-nag IAM4): logs
    // go only to this function's log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${name} function`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: SERVICE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds ?? spec.timeoutSeconds),
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: name,
      },
      bundling: serviceBundling(spec),
    });

    // Errors: the handler threw (a whole batch, a schedule run, an unanswered request); throttles:
    // no concurrency left. Either in two of the last three 5-minute periods is worth a look.
    const stackName = Stack.of(this).stackName;
    const twoOfThree = {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmName: `${stackName}-${name}-errors`,
      alarmDescription: `The ${name} function failed (threw or timed out) in 2 of the last 3 five-minute periods: read its log group`,
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      ...twoOfThree,
    });
    this.throttlesAlarm = new cloudwatch.Alarm(this, 'ThrottlesAlarm', {
      alarmName: `${stackName}-${name}-throttles`,
      alarmDescription: `The ${name} function was throttled in 2 of the last 3 five-minute periods: concurrency is exhausted`,
      metric: this.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      ...twoOfThree,
    });

    // Tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role's policy.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
  }
}
