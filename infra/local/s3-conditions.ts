/**
 * fauxqs accepts and ignores `If-Match` and `If-None-Match` on PutObject; AWS S3 honours them.
 * This hook gives the local S3 AWS's answers, so a race guarded by a conditional write is
 * guarded here too: 412 PreconditionFailed when an object exists (`If-None-Match: *`) or its
 * ETag differs (`If-Match`), 404 NoSuchKey for `If-Match` on a missing object, and 409
 * ConditionalRequestConflict while another conditional put of the same key is in flight.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface ObjectStore {
  /** Throws when the object (or bucket) does not exist. */
  headObject(bucket: string, key: string): { etag: string };
}

const IN_FLIGHT = Symbol('conditional put in flight');

export function honourConditionalPuts(app: FastifyInstance, store: ObjectStore): void {
  const inFlight = new Set<string>();
  app.addHook('preHandler', (request, reply, done) => {
    const condition = conditionOf(request);
    if (!condition) return done();
    if (inFlight.has(condition.id)) {
      return fail(
        reply,
        409,
        'ConditionalRequestConflict',
        'A conflicting operation occurred. Retry the request.',
      );
    }
    const etag = currentEtag(store, condition.bucket, condition.key);
    if (condition.ifNoneMatch !== undefined && etag !== undefined) {
      if (condition.ifNoneMatch === '*' || sameEtag(condition.ifNoneMatch, etag)) {
        return fail(
          reply,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
    }
    if (condition.ifMatch !== undefined) {
      if (etag === undefined) return fail(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
      if (condition.ifMatch !== '*' && !sameEtag(condition.ifMatch, etag)) {
        return fail(
          reply,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
    }
    inFlight.add(condition.id);
    (request as FastifyRequest & { [IN_FLIGHT]?: string })[IN_FLIGHT] = condition.id;
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    const id = (request as FastifyRequest & { [IN_FLIGHT]?: string })[IN_FLIGHT];
    if (id) inFlight.delete(id);
    done();
  });
}

function conditionOf(request: FastifyRequest) {
  if (request.method !== 'PUT') return undefined;
  const ifMatch = header(request, 'if-match');
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  const params = (request.params ?? {}) as { bucket?: string; '*'?: string };
  const bucket = params.bucket;
  const key = params['*'];
  if (!bucket || !key) return undefined;
  return { id: `${bucket}/${key}`, bucket, key, ifMatch, ifNoneMatch };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function currentEtag(store: ObjectStore, bucket: string, key: string): string | undefined {
  try {
    return store.headObject(bucket, key).etag;
  } catch {
    return undefined;
  }
}

function sameEtag(a: string, b: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return bare(a) === bare(b);
}

function fail(reply: FastifyReply, status: number, code: string, message: string): void {
  reply
    .status(status)
    .header('content-type', 'application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
}
