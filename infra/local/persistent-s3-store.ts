/**
 * fauxqs keeps S3 objects in memory only. This subclass of its own store writes every object
 * through to a folder (and reads them back at start), so feeds and article bodies survive a
 * restart of `npm start`. fauxqs does not export its store classes, so they are loaded from
 * the package's files; the version is pinned in package.json.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const fauxqsDist = new URL('.', import.meta.resolve('fauxqs'));
const load = async <T>(file: string): Promise<T> => (await import(new URL(file, fauxqsDist).href)) as T;

interface S3StoreLike {
  createBucket(name: string): void;
  putObject(
    bucket: string,
    key: string,
    body: Buffer,
    contentType?: string,
    metadata?: Record<string, string>,
  ): { lastModified: Date };
  deleteObject(bucket: string, key: string): void;
  headObject(bucket: string, key: string): { etag: string };
}
type S3StoreClass = new () => S3StoreLike;

export interface FauxqsStores {
  sqsStore: unknown;
  snsStore: unknown;
  s3Store: S3StoreLike;
}

const META = '.meta.json';
/** A file being written: renamed to its name once whole, so a killed process leaves no object cut short. */
const PARTIAL = '.bantin-partial';

function writeWhole(file: string, data: string | Buffer): void {
  writeFileSync(file + PARTIAL, data);
  renameSync(file + PARTIAL, file);
}

/** Called for every object written, e.g. to count feed writes in a cycle. */
export type WriteListener = (bucket: string, key: string) => void;

/** fauxqs's own stores, all in memory (for tests of the adapters). */
export async function memoryFauxqsStores(): Promise<FauxqsStores> {
  const { S3Store, SqsStore, SnsStore } = await storeClasses();
  return { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() };
}

async function storeClasses() {
  const { S3Store } = await load<{ S3Store: S3StoreClass }>('s3/s3Store.js');
  const { SqsStore } = await load<{ SqsStore: new () => unknown }>('sqs/sqsStore.js');
  const { SnsStore } = await load<{ SnsStore: new () => unknown }>('sns/snsStore.js');
  return { S3Store, SqsStore, SnsStore };
}

/**
 * fauxqs's stores with S3 objects written through to `folder`; without a folder they stay in
 * memory only (a benchmark or a test that needs nothing after it stops), and `onWrite` still hears every put.
 */
export async function createFauxqsStores(
  folder: string | undefined,
  onWrite?: WriteListener,
): Promise<FauxqsStores> {
  const { S3Store, SqsStore, SnsStore } = await storeClasses();
  if (folder === undefined) {
    class ObservedS3Store extends S3Store {
      override putObject(
        bucket: string,
        key: string,
        body: Buffer,
        contentType?: string,
        metadata?: Record<string, string>,
      ) {
        const object = super.putObject(bucket, key, body, contentType, metadata);
        onWrite?.(bucket, key);
        return object;
      }
    }
    return { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new ObservedS3Store() };
  }
  const dir = folder;

  class PersistentS3Store extends S3Store {
    private restoring = false;

    override createBucket(name: string): void {
      super.createBucket(name);
      mkdirSync(join(dir, name), { recursive: true });
      this.restore(name);
    }

    override putObject(
      bucket: string,
      key: string,
      body: Buffer,
      contentType?: string,
      metadata?: Record<string, string>,
    ) {
      const object = super.putObject(bucket, key, body, contentType, metadata);
      if (!this.restoring) {
        const file = objectFile(dir, bucket, key);
        mkdirSync(dirname(file), { recursive: true });
        writeWhole(file + META, JSON.stringify({ contentType, metadata }));
        writeWhole(file, body);
        onWrite?.(bucket, key);
      }
      return object;
    }

    override deleteObject(bucket: string, key: string): void {
      super.deleteObject(bucket, key);
      const file = objectFile(dir, bucket, key);
      rmSync(file, { force: true });
      rmSync(file + META, { force: true });
    }

    private restore(bucket: string): void {
      const root = join(dir, bucket);
      this.restoring = true;
      try {
        for (const file of walk(root)) {
          if (file.endsWith(PARTIAL)) {
            rmSync(file, { force: true });
            continue;
          }
          if (file.endsWith(META)) continue;
          const key = relative(root, file).split('\\').join('/');
          let meta: { contentType?: string; metadata?: Record<string, string> } = {};
          try {
            meta = JSON.parse(readFileSync(file + META, 'utf-8'));
          } catch {
            // An object without its sidecar keeps the default content type.
          }
          const object = super.putObject(bucket, key, readFileSync(file), meta.contentType, meta.metadata);
          object.lastModified = statSync(file).mtime;
        }
      } finally {
        this.restoring = false;
      }
    }
  }

  return { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new PersistentS3Store() };
}

function objectFile(folder: string, bucket: string, key: string): string {
  const file = join(folder, bucket, key);
  if (relative(join(folder, bucket), file).startsWith('..'))
    throw new Error(`object key escapes the bucket: ${key}`);
  return file;
}

function* walk(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
