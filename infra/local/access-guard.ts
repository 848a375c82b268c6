/**
 * IAM, locally: each function's SDK clients send their requests through a handler that lets
 * through only what the function's topology `access` grants (the same rules infra/stack.ts
 * turns into IAM policies), so a function that reads where it may only read, or writes a table,
 * object, queue or topic it was not granted, fails locally as it would in AWS.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Access, QueueName, ResourceValues, TableName } from '../topology.js';

type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];
type HttpHandlerOptions = Parameters<NodeHttpHandler['handle']>[1];

/** What a function's role allows, resolved to the names and addresses of the local resources. */
export interface Grants {
  function: string;
  access: Access;
  resources: Pick<ResourceValues, 'tables' | 'bucket' | 'articleEventsTopic' | 'queueUrls'>;
}

/** DynamoDB actions that read (grantReadData) and write (grantReadWriteData adds these). */
const DYNAMO_READS = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'DescribeTable',
  'ConditionCheckItem',
  'TransactGetItems',
]);
const DYNAMO_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
/** SQS actions grantSendMessages allows. */
const SQS_SENDS = new Set(['SendMessage', 'SendMessageBatch', 'GetQueueAttributes', 'GetQueueUrl']);
/** SNS actions on the article-events topic for a function that manages webhooks. */
const SNS_SUBSCRIPTIONS = new Set([
  'Subscribe',
  'Unsubscribe',
  'ListSubscriptionsByTopic',
  'GetSubscriptionAttributes',
  'SetSubscriptionAttributes',
  'ConfirmSubscription',
]);

export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
}

/** The reason a request is refused, or undefined when the grants allow it. */
export function deniedReason(service: string, request: HttpRequest, grants: Grants): string | undefined {
  switch (service) {
    case 'dynamodb':
      return dynamoDenied(request, grants);
    case 's3':
      return s3Denied(request, grants);
    case 'sqs':
      return sqsDenied(request, grants);
    case 'sns':
      return snsDenied(request, grants);
    default:
      return `${service} is not granted to any function locally`;
  }
}

/** A request handler that refuses what `grants` do not allow, and sends the rest. */
export function guardedRequestHandler(service: string, grants: Grants): NodeHttpHandler {
  return new (class extends NodeHttpHandler {
    override handle(request: HttpRequest, options?: HttpHandlerOptions) {
      const reason = deniedReason(service, request, grants);
      if (reason) return Promise.reject(new AccessDeniedError(`${grants.function}: ${reason}`));
      return super.handle(request, options);
    }
  })();
}

/** The body as text; bytes are decoded as they are (the SDK's byte adapters warn on string methods). */
function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  if (typeof body === 'string') return body;
  return body instanceof Uint8Array ? new TextDecoder().decode(body) : '';
}

function jsonBody(request: HttpRequest): Record<string, unknown> {
  const text = bodyText(request);
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function formBody(request: HttpRequest): URLSearchParams {
  return new URLSearchParams(bodyText(request));
}

/** The action named by a JSON-protocol request's X-Amz-Target (`DynamoDB_20120810.PutItem`). */
function targetAction(request: HttpRequest): string {
  const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  return target?.split('.').pop() ?? '';
}

function dynamoDenied(request: HttpRequest, grants: Grants): string | undefined {
  const action = targetAction(request);
  const body = jsonBody(request);
  const tableLevel = (tableName: string) => {
    const entry = Object.entries(grants.resources.tables).find(([, name]) => name === tableName);
    return entry ? grants.access.tables?.[entry[0] as TableName] : undefined;
  };
  const check = (tableName: unknown, write: boolean): string | undefined => {
    const level = tableLevel(String(tableName));
    if (!level) return `dynamodb:${action} on table ${String(tableName)} is not granted`;
    if (write && level !== 'readwrite')
      return `dynamodb:${action} on table ${String(tableName)}: only read is granted`;
    return undefined;
  };
  const write = DYNAMO_WRITES.has(action);
  if (!write && !DYNAMO_READS.has(action)) return `dynamodb:${action} is not granted`;
  if (action === 'BatchGetItem' || action === 'BatchWriteItem') {
    for (const table of Object.keys((body.RequestItems as object) ?? {})) {
      const reason = check(table, write);
      if (reason) return reason;
    }
    return undefined;
  }
  if (action === 'TransactWriteItems' || action === 'TransactGetItems') {
    for (const item of (body.TransactItems as Record<string, { TableName?: string }>[]) ?? []) {
      for (const [kind, operation] of Object.entries(item)) {
        const reason = check(operation.TableName, kind !== 'ConditionCheck' && kind !== 'Get');
        if (reason) return reason;
      }
    }
    return undefined;
  }
  return check(body.TableName, write);
}

function s3Denied(request: HttpRequest, grants: Grants): string | undefined {
  const level = grants.access.bucket;
  // Path-style addressing: /bucket/key.
  const bucket = decodeURIComponent(request.path.split('/')[1] ?? '');
  const method = request.method.toUpperCase();
  const action = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  if (!level || bucket !== grants.resources.bucket) return `s3 ${method} on bucket ${bucket} is not granted`;
  if (action === 'write' && level !== 'readwrite')
    return `s3 ${method} ${request.path}: only read is granted`;
  return undefined;
}

function sqsDenied(request: HttpRequest, grants: Grants): string | undefined {
  const json = targetAction(request) !== '';
  const action = json ? targetAction(request) : (formBody(request).get('Action') ?? '');
  const queueUrl = json
    ? String(jsonBody(request).QueueUrl ?? '')
    : (formBody(request).get('QueueUrl') ?? '');
  const granted = (grants.access.sendsTo ?? []).some(
    (queue: QueueName) => grants.resources.queueUrls[queue] === queueUrl,
  );
  if (!SQS_SENDS.has(action) || !granted) return `sqs:${action} on ${queueUrl} is not granted`;
  return undefined;
}

function snsDenied(request: HttpRequest, grants: Grants): string | undefined {
  const form = formBody(request);
  const action = form.get('Action') ?? targetAction(request);
  const json = form.get('Action') ? undefined : jsonBody(request);
  const topic = form.get('TopicArn') ?? String(json?.TopicArn ?? '');
  const onTopic = topic === grants.resources.articleEventsTopic;
  if (
    (action === 'Publish' || action === 'PublishBatch') &&
    onTopic &&
    grants.access.publishesArticleEvents
  ) {
    return undefined;
  }
  if (SNS_SUBSCRIPTIONS.has(action) && grants.access.managesWebhooks) return undefined;
  return `sns:${action} on ${topic || 'the account'} is not granted`;
}
