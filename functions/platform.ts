/**
 * What a function gets from where it runs: its environment (the variables its topology access
 * grants, named in infra/topology.ts), the settings of its SDK clients, and the two services the
 * platform provides through ports, mail and aggregators' webhooks. In Lambda these are
 * process.env, the SDK's defaults, SES and SNS; the local runner builds one platform per
 * function with its stand-ins and passes it to the handler's factory, so the production wiring
 * has no local branch and no function sees another's environment.
 */
import type { Context } from 'aws-lambda';
import type { Mailer, WebhookSubscriptions } from '../shared/ports.js';
import type { FigureCounter } from './figures.js';
import { mapStackTracesLazily } from './stack-traces.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The services whose SDK clients a function may create. */
export type AwsService = 'dynamodb' | 's3' | 'sns' | 'sqs' | 'sesv2' | 'secretsmanager';

export interface Platform {
  env: Environment;
  /** Extra settings for the SDK client of `service` (endpoint, credentials); none in AWS. */
  clientConfig(service: AwsService): Record<string, unknown>;
  /** Mail, when the platform provides it itself (the local outbox); SES otherwise. */
  mailer?: Mailer;
  /** Aggregators' webhooks, when the platform provides them itself; SNS subscriptions otherwise. */
  webhooks?: WebhookSubscriptions;
  /** Counts the business figures next to CloudWatch's, where the platform shows them (locally). */
  figures?: FigureCounter & { snapshot(): BusinessFigures };
}

/** Totals of the business figures since the platform started (shared/metrics.ts names). */
export interface BusinessFigures {
  since: string;
  totals: Record<string, number>;
  bySource: Record<string, Record<string, number>>;
}

/** Lambda's platform: the function's configured environment and the SDK's own settings. */
export function lambdaPlatform(env: Environment = process.env): Platform {
  return { env, clientConfig: () => ({}) };
}

const clients = new WeakMap<Platform, Map<string, unknown>>();

/**
 * One client of each kind per platform, made on first use (Lambda reuses it across invocations).
 * A client builds a command's middleware chain once per command class, not at every request
 * (`cacheMiddleware`; nothing adds middleware to a client after its first request), except
 * DynamoDB's: lib-dynamodb's document client shares its client's settings and refuses it (its
 * commands' chains are bound to the command they were built for).
 */
export function clientOf<T>(
  platform: Platform,
  kind: string,
  service: AwsService,
  make: (config: Record<string, unknown>) => T,
): T {
  const made = clients.get(platform) ?? new Map<string, unknown>();
  clients.set(platform, made);
  if (!made.has(kind)) {
    made.set(kind, make({ cacheMiddleware: service !== 'dynamodb', ...platform.clientConfig(service) }));
  }
  return made.get(kind) as T;
}

/**
 * A port made at its first call: `load` imports its adapter's module, and with it the SDK client
 * behind it, so a cold start whose work never calls the port loads neither (an admin request
 * that only reads tables, an alerts batch that reads no body). Every member of a port is an async
 * method: the wrapper has those alone, and no `then` (it is not a promise). A failed load is
 * tried again at the next call.
 */
export function onFirstCall<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const port = () => {
    if (!loading) {
      loading = load();
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get(_, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = async (...args) => {
          const loaded = (await port()) as Record<string, (...args: unknown[]) => unknown>;
          return loaded[name]!(...args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
}

/** Reads a required variable of the function's environment, failing with its name. */
export function required(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/**
 * Lambda's entry point for a handler made by `create`: made from lambdaPlatform() at the first
 * invocation, then reused, as module-level initialisation would be. Stack traces are mapped to
 * the sources through the bundle's map, read at the first one (stack-traces.ts).
 */
export function lambdaHandler<E, R>(
  create: (platform: Platform) => (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  mapStackTracesLazily(import.meta.url);
  let handler: ((event: E, context: Context) => Promise<R>) | undefined;
  return (event, context) => {
    handler ??= create(lambdaPlatform());
    return handler(event, context);
  };
}
