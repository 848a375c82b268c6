/**
 * Stands in for API Gateway (HTTP API, payload 2.0) on localhost: matches a request against
 * the `http` routes of the topology, checks the administrator's bearer token where a route
 * needs it (API Gateway's authorizer does this in AWS), and invokes the function through the
 * local runner with a real APIGatewayProxyEventV2.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type FunctionName, type FunctionSpec, type HttpRoute, methodsOf, topology } from '../topology.js';
import { decodeComponent, parseRequestTarget, type RequestTarget } from './request-target.js';
import type { LocalRunner } from './runner.js';

/** API Gateway refuses larger payloads; so does the stand-in. */
const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  functionName: FunctionName;
  route: HttpRoute;
  pattern: RegExp;
  names: string[];
  /** Literal segments: more specific routes are tried first. */
  specificity: number;
}

export interface LocalApi {
  /** Handles the request if a route matches; returns false when none does. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The request carries the administrator's bearer token. */
  isAdmin(req: IncomingMessage): boolean;
}

export function compileRoutes(functions: Record<string, FunctionSpec> = topology.functions): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const [functionName, spec] of Object.entries(functions) as [FunctionName, FunctionSpec][]) {
    if (spec.trigger.kind !== 'http') continue;
    for (const route of spec.trigger.routes) {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{([a-zA-Z0-9_]+)(\+)?\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      compiled.push({
        functionName,
        route,
        pattern: new RegExp(`^${source}$`),
        names,
        specificity:
          route.path.split('/').filter((s) => s && !s.startsWith('{')).length * 2 -
          (route.path.includes('+}') ? 1 : 0),
      });
    }
  }
  return compiled.sort((a, b) => b.specificity - a.specificity);
}

export function createLocalApi(options: {
  runner: Pick<LocalRunner, 'invoke'>;
  adminToken: string;
  routes?: CompiledRoute[];
}): LocalApi {
  const routes = options.routes ?? compileRoutes();
  const expected = Buffer.from(options.adminToken);

  // The scheme's name in any case (RFC 9110 §11.1: "bearer" is "Bearer"), one space, the token.
  const isAdmin = (req: IncomingMessage) => {
    const credentials = /^bearer (.*)$/is.exec(String(req.headers.authorization ?? ''));
    const given = Buffer.from(credentials?.[1] ?? '');
    return credentials !== null && given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    isAdmin,
    async handle(req, res) {
      const target = parseRequestTarget(req.url);
      if (!target) {
        writeJson(res, 400, { message: 'Bad Request: a malformed request target' });
        return true;
      }
      const method = (req.method ?? 'GET').toUpperCase();
      let match: { route: CompiledRoute; params: Record<string, string | undefined> } | undefined;
      for (const route of routes) {
        if (route.route.method !== 'ANY' && !methodsOf(route.route).includes(method as HttpRoute['method']))
          continue;
        const found = route.pattern.exec(target.rawPath);
        if (!found) continue;
        const params = Object.fromEntries(
          route.names.map((name, i) => [name, decodeComponent(found[i + 1]!)]),
        );
        match = { route, params };
        break;
      }
      if (!match) {
        // A path the API has, asked with a method none of its routes takes: API Gateway finds no
        // route (404); the answer names the methods that path takes, which it does not.
        const allowed = [
          ...new Set(routes.filter((r) => r.pattern.test(target.rawPath)).flatMap((r) => methodsOf(r.route))),
        ];
        if (allowed.length === 0) return false;
        res.setHeader('allow', allowed.join(', '));
        writeJson(res, 404, { message: 'Not Found' });
        return true;
      }
      if (Object.values(match.params).includes(undefined)) {
        writeJson(res, 400, { message: 'Bad Request: a malformed percent-escape in the path' });
        return true;
      }
      if (match.route.route.auth === 'admin' && !isAdmin(req)) {
        writeJson(res, 401, { message: 'Unauthorized: send Authorization: Bearer <admin token>' });
        return true;
      }
      const body = await readBody(req);
      if (body === undefined) {
        writeJson(res, 413, { message: `Request body over ${MAX_BODY_BYTES} bytes` });
        return true;
      }
      const event = toEvent(req, target, method, body, match.route, match.params as Record<string, string>);
      let result: APIGatewayProxyStructuredResultV2 | string | undefined;
      try {
        result = (await options.runner.invoke(match.route.functionName, event)) as typeof result;
      } catch (error) {
        // What API Gateway answers when the function throws.
        console.error(
          `[api] ${match.route.functionName} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
        writeJson(res, 500, { message: 'Internal Server Error' });
        return true;
      }
      writeResult(res, result);
      return true;
    },
  };
}

function toEvent(
  req: IncomingMessage,
  target: RequestTarget,
  method: string,
  body: Buffer,
  compiled: CompiledRoute,
  params: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of target.query) query[name] = query[name] ? `${query[name]},${value}` : value;
  // Text that is not UTF-8 comes as its bytes, as binary does (the function refuses it).
  const asText =
    /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(headers['content-type'] ?? 'text/') &&
    isUtf8(body);
  // As API Gateway names the route that matched: a HEAD matches the HEAD twin of a GET route.
  const routeKey = `${compiled.route.method === 'ANY' ? 'ANY' : method} ${compiled.route.path}`;
  const now = new Date();
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey,
    rawPath: target.rawPath,
    rawQueryString: target.rawQuery,
    cookies: req.headers.cookie?.split(/;\s*/).filter(Boolean),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: Object.keys(params).length > 0 ? params : undefined,
    body: body.length > 0 ? body.toString(asText ? 'utf-8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !asText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: target.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
  if (compiled.route.auth === 'admin') {
    // What a JWT authorizer passes on: the local administrator's identity.
    event.requestContext.authorizer = {
      jwt: { claims: { sub: 'local-admin', email: 'admin@localhost' }, scopes: [] },
    };
  }
  return event;
}

function writeResult(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2 | string | undefined,
): void {
  if (typeof result === 'string' || result === undefined || result.statusCode === undefined) {
    // Payload 2.0 without a status: API Gateway answers 200 with the JSON of the result.
    writeJson(res, 200, typeof result === 'string' ? JSON.parse(result) : (result ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf-8')
    : Buffer.alloc(0);
  headers['content-length'] = String(body.length);
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
