/**
 * `npm run cli -- dlq list [QUEUE] | redrive QUEUE`: the dead-letter queues of a running
 * `npm start` (through the endpoints file it keeps in its data folder), or of a deployed stack
 * with `--stack NAME` (queues `NAME-QUEUE` and `NAME-QUEUE-dlq`; AWS credentials and region as
 * the AWS CLI finds them).
 */
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queuePhysicalName } from '../../infra/constructs/work-queue.js';
import { LOCAL_ENDPOINTS_FILE, readLocalEndpoints } from '../../infra/local/endpoints.js';
import { type QueueName, topology, WEBHOOK_DEAD_LETTERS } from '../../infra/topology.js';
import {
  deadLetterCount,
  peekDeadLetters,
  type QueuePair,
  queueDepths,
  redrive,
} from '../../shared/adapters/sqs/dead-letters.js';
import { UsageError, wholeNumberOption } from './input.js';
import { localDataDir } from './local-data.js';

export const USAGE = `usage: npm run cli -- dlq <command> [--stack NAME]
  list                       every queue: messages in its dead-letter queue, waiting, in flight
  list QUEUE [--limit N]     the first N (10) dead letters of QUEUE, left where they are
  redrive QUEUE [--limit N]  send QUEUE's dead letters back to QUEUE (all those there at the start)
queues: ${Object.keys(topology.queues).join(', ')}; and ${WEBHOOK_DEAD_LETTERS} (list only: the
  notifications SNS gave up delivering to aggregators' webhooks)
--stack NAME (or BANTIN_STACK): the deployed stack (AWS credentials and region as for the AWS CLI);
otherwise the running npm start (BANTIN_DATA, default .bantin/)
`;

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const progress = (message: string) => process.stderr.write(`${message}\n`);

interface Target {
  sqs: SQSClient;
  where: string;
  pair(name: QueueName): Promise<QueuePair>;
  webhookDeadLetterUrl(): Promise<string>;
}

function localTarget(): Target {
  const dataDir = localDataDir();
  const endpoints = readLocalEndpoints(dataDir);
  if (!endpoints) {
    throw new Error(
      `no running npm start found (no ${LOCAL_ENDPOINTS_FILE} in ${dataDir}); start it, or pass --stack NAME for AWS`,
    );
  }
  const sqs = new SQSClient({
    region: endpoints.region,
    endpoint: endpoints.sqsEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  return {
    sqs,
    where: `the local service (${endpoints.sqsEndpoint})`,
    async pair(name) {
      const queue = endpoints.queues.find((q) => q.name === name);
      if (!queue) throw new Error(`the local service has no queue ${name}; restart npm start`);
      return { name, url: queue.url, deadLetterUrl: queue.deadLetterUrl };
    },
    async webhookDeadLetterUrl() {
      if (!endpoints.webhookDeadLetterUrl)
        throw new Error('the local service has no webhooks queue; restart npm start');
      return endpoints.webhookDeadLetterUrl;
    },
  };
}

/**
 * What stands between the CLI and the account, when it is not the queue (newcomer run 49: a
 * missing region or credentials were reported as the stack not being deployed).
 */
function awsProblem(error: unknown): string | undefined {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/QueueDoesNotExist|NonExistentQueue/.test(name)) return undefined;
  if (/region is missing|region not accepted/i.test(message))
    return `no AWS region (${message}): set AWS_REGION, or AWS_PROFILE for a profile that names one`;
  if (name === 'CredentialsProviderError')
    return `no AWS credentials (${message}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  return `AWS refused the request (${name || 'Error'}: ${message})`;
}

function awsTarget(stack: string): Target {
  // The regional endpoint, not each queue URL's host: the same in AWS, and what a stand-in answers on.
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const urlOf = async (queueName: string) => {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl!;
    } catch (error) {
      throw new Error(
        awsProblem(error) ??
          `no queue ${queueName} in this account and region; is the stack "${stack}" deployed here?`,
      );
    }
  };
  return {
    sqs,
    where: `stack ${stack}`,
    async pair(name) {
      const [url, deadLetterUrl] = await Promise.all([
        urlOf(queuePhysicalName(stack, name)),
        urlOf(queuePhysicalName(stack, name, true)),
      ]);
      return { name, url, deadLetterUrl };
    },
    webhookDeadLetterUrl: () => urlOf(queuePhysicalName(stack, WEBHOOK_DEAD_LETTERS, true)),
  };
}

type Webhooks = typeof WEBHOOK_DEAD_LETTERS;

function queueName(value: string | undefined): QueueName | Webhooks {
  if (!value) throw new UsageError('name the queue');
  if (value === WEBHOOK_DEAD_LETTERS) return value;
  if (!Object.hasOwn(topology.queues, value)) {
    throw new UsageError(
      `unknown queue "${value}" (queues: ${[...Object.keys(topology.queues), WEBHOOK_DEAD_LETTERS].join(', ')})`,
    );
  }
  return value as QueueName;
}

export async function runDlq(args: string[]): Promise<number> {
  // The SDK's notice about Node 20 is noise for a command line (npm start silences it too).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let target: Target | undefined;
  try {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { stack: { type: 'string' }, limit: { type: 'string' } },
    });
    const [command, queueArg, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    if (command !== 'list' && command !== 'redrive') {
      throw new UsageError(command ? `unknown dlq command: ${command}` : '');
    }
    if (command === 'redrive' && !queueArg) throw new UsageError('redrive takes the queue to redrive');
    const name = queueArg === undefined ? undefined : queueName(queueArg);
    const stack = values.stack ?? process.env.BANTIN_STACK;
    target = stack ? awsTarget(stack) : localTarget();

    if (command === 'list' && !name) {
      const pairs = await Promise.all(
        (Object.keys(topology.queues) as QueueName[]).map((q) => target!.pair(q)),
      );
      const depths = await queueDepths(target.sqs, pairs);
      // A service or stack from before webhooks had a dead-letter queue: its work queues still count.
      const webhooksUrl = await target.webhookDeadLetterUrl().catch((error: unknown) => {
        progress(`${WEBHOOK_DEAD_LETTERS}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      print(
        webhooksUrl
          ? [
              ...depths,
              { queue: WEBHOOK_DEAD_LETTERS, deadLetters: await deadLetterCount(target.sqs, webhooksUrl) },
            ]
          : depths,
      );
      return 0;
    }
    if (name === WEBHOOK_DEAD_LETTERS) {
      if (command === 'redrive') {
        throw new UsageError(
          `${WEBHOOK_DEAD_LETTERS}: SNS cannot send a notification again to one webhook; each dead letter names its webhook (UnsubscribeURL) and article (Message): the aggregator catches up from its feed, and the letters leave after 14 days`,
        );
      }
      const deadLetterUrl = await target.webhookDeadLetterUrl();
      print(
        await peekDeadLetters(target.sqs, { deadLetterUrl }, wholeNumberOption('limit', values.limit, 10)),
      );
      return 0;
    }
    const pair = await target.pair(name!);
    if (command === 'list') {
      print(await peekDeadLetters(target.sqs, pair, wholeNumberOption('limit', values.limit, 10)));
      return 0;
    }
    const [depth] = await queueDepths(target.sqs, [pair]);
    const limit = wholeNumberOption('limit', values.limit, depth!.deadLetters);
    if (depth!.deadLetters === 0 && values.limit === undefined) {
      progress(`${name}: its dead-letter queue is empty in ${target.where}`);
      print({ queue: name, moved: 0, sentNotDeleted: 0, refused: [] });
      return 0;
    }
    progress(`${name}: sending up to ${limit} dead letters back to the queue in ${target.where}…`);
    const result = await redrive(target.sqs, pair, limit);
    print(result);
    return result.refused.length > 0 || result.sentNotDeleted > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(
        `${error instanceof Error && error.message ? `${error.message}\n\n` : ''}${USAGE}`,
      );
      return 2;
    }
    // Node's own error (code), or one the SDK wraps (cause).
    const failure = error as { code?: string; cause?: { code?: string } };
    const cause = failure.code ?? failure.cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `error: ${cause === 'ECONNREFUSED' && target ? `cannot reach ${target.where}: is it running?` : message}\n`,
    );
    return 1;
  } finally {
    target?.sqs.destroy();
  }
}
