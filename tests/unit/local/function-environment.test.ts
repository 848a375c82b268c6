/**
 * Each function gets only the environment its topology access grants (functionEnvironment, the
 * rule of the stack and of the local runner), and that is enough: every handler is made from it.
 * A function denied a grant fails at its cold start naming the variable, locally as in AWS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaPlatform, type Platform } from '../../../functions/platform.js';
import {
  type Access,
  type FunctionName,
  type FunctionSpec,
  functionEnvironment,
  type ResourceValues,
  topology,
} from '../../../infra/topology.js';
import { projectRoot } from '../../support/local-stack.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const resources: ResourceValues = {
  apiBaseUrl: 'https://api.bantin.example',
  tables: Object.fromEntries(
    Object.keys(topology.tables).map((t) => [t, `bantin-${t}`]),
  ) as ResourceValues['tables'],
  bucket: 'bantin-content',
  feedsBaseUrl: 'https://feeds.bantin.example/feeds',
  articleEventsTopic: 'arn:aws:sns:ap-southeast-1:000000000000:article-events',
  queueUrls: Object.fromEntries(
    Object.keys(topology.queues).map((q) => [q, `https://sqs.example/000000000000/${q}`]),
  ) as ResourceValues['queueUrls'],
  mail: { from: 'Bantin <ban-tin@bantin.example>', configurationSet: 'bantin' },
  mailTokenSecret: { arn: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:mail' },
};

const functions = Object.entries(topology.functions) as [FunctionName, FunctionSpec][];
const platformOf = (access: Access): Platform =>
  lambdaPlatform({ AWS_REGION: 'ap-southeast-1', ...functionEnvironment(access, resources) });
const load = async (spec: FunctionSpec) =>
  (await import(join(projectRoot, spec.entry))) as { createHandler(platform: Platform): unknown };

describe('function environments', () => {
  it.each(functions)('%s is made from exactly the environment its access grants', async (_name, spec) => {
    const environment = functionEnvironment(spec.access, resources);
    for (const table of Object.keys(topology.tables)) {
      expect(`TABLE_${table.toUpperCase()}` in environment).toBe(table in (spec.access.tables ?? {}));
    }
    for (const queue of Object.keys(topology.queues)) {
      expect(`QUEUE_${queue.toUpperCase()}_URL` in environment).toBe(
        (spec.access.sendsTo ?? []).includes(queue as never),
      );
    }
    const { createHandler } = await load(spec);
    expect(() => createHandler(platformOf(spec.access))).not.toThrow();
  });

  it.each(functions.filter(([, spec]) => Object.keys(spec.access.tables ?? {}).length > 0))(
    '%s without one of its tables fails at its cold start, naming the variable',
    async (_name, spec) => {
      const { createHandler } = await load(spec);
      for (const table of Object.keys(spec.access.tables ?? {})) {
        const tables = { ...spec.access.tables };
        delete tables[table as keyof typeof tables];
        expect(() => createHandler(platformOf({ ...spec.access, tables }))).toThrow(
          `environment variable TABLE_${table.toUpperCase()} is not set`,
        );
      }
    },
  );

  it('no function code reads process.env: only its platform', () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'cli' && name !== 'assets') walk(path);
        } else if (name.endsWith('.ts') && /process\.env\b/.test(readFileSync(path, 'utf-8'))) {
          readers.push(path.slice(projectRoot.length));
        }
      }
    };
    walk(join(projectRoot, 'functions'));
    walk(join(projectRoot, 'shared', 'adapters'));
    // Lambda's platform is made from process.env, in one place.
    expect(readers).toEqual(['functions/platform.ts']);
  });
});
