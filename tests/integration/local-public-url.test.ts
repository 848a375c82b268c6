/**
 * PUBLIC_URL on the embedded stack: a service that other machines reach at another address
 * writes that address, not localhost, in every link (feeds, images, mail), so a reader on
 * another machine can follow them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { outboxFiles } from '../../infra/local/mail.js';
import { PublicUrlError, parsePublicUrl } from '../../infra/local/public-url.js';
import { startTestStack } from '../support/local-stack.js';

const PUBLIC = 'http://192.0.2.10:8787';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack(8787, { publicUrl: PUBLIC });
  await stack.runCycle();
});

afterAll(async () => {
  await stack?.stop();
});

async function feed(key: string): Promise<string> {
  const object = await stack.aws.clients.s3.send(
    new GetObjectCommand({ Bucket: stack.aws.bucket, Key: key }),
  );
  return object.Body!.transformToString();
}

describe('a local service with PUBLIC_URL', () => {
  it('names it in the feeds: self links, the catalog and the images', async () => {
    const atom = await feed('feeds/all.atom');
    expect(atom).toContain(`<link rel="self" href="${PUBLIC}/feeds/all.atom"/>`);
    expect(atom).toContain(`${PUBLIC}/media/`);
    for (const key of ['feeds/all.atom', 'feeds/all.rss', 'feeds/all.json', 'feeds/index.opml']) {
      const text = await feed(key);
      expect(text, key).not.toMatch(/localhost:8787|127\.0\.0\.1:8787/);
    }
  });

  it('names it in the mail it sends', () => {
    const mails = outboxFiles(stack.outboxDir).filter((name) => name.endsWith('.eml'));
    expect(mails.length).toBeGreaterThan(0);
    for (const name of mails) {
      const mail = readFileSync(join(stack.outboxDir, name), 'utf8');
      expect(mail, name).toContain(PUBLIC);
      expect(mail, name).not.toMatch(/localhost:8787|127\.0\.0\.1:8787/);
    }
  });
});

describe('PUBLIC_URL', () => {
  it('is an http or https origin; anything else is refused with what to write', () => {
    expect(parsePublicUrl(undefined)).toBeUndefined();
    expect(parsePublicUrl('')).toBeUndefined();
    expect(parsePublicUrl('http://192.0.2.10:8787')).toBe('http://192.0.2.10:8787');
    expect(parsePublicUrl('https://bantin.example.org/')).toBe('https://bantin.example.org');
    expect(() => parsePublicUrl('192.0.2.10:8787')).toThrow(PublicUrlError);
    expect(() => parsePublicUrl('ftp://bantin.example.org')).toThrow(/http or https/);
    expect(() => parsePublicUrl('https://bantin.example.org/bantin')).toThrow(
      /origin only \(scheme, host, port: https:\/\/bantin.example.org\)/,
    );
    expect(() => parsePublicUrl('https://user:pw@bantin.example.org')).toThrow(PublicUrlError);
  });
});
