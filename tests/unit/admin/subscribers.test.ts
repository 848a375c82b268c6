import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  findSubscriber,
  liftSuppression,
  type SubscriberAdminDeps,
  suppressSubscriber,
} from '../../../shared/admin/subscribers.js';
import type { AuditEntry } from '../../../shared/domain/audit-entry.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import { confirmedSubscriber, MemorySubscribers } from '../../support/mail-memory.js';

let subscribers: MemorySubscribers;
let audit: AuditEntry[];
let deps: SubscriberAdminDeps;
const idOf = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 24);

beforeEach(async () => {
  subscribers = new MemorySubscribers();
  audit = [];
  deps = {
    subscribers,
    stats: { countByStatus: async () => ({ pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 }) },
    subscriberId: async (email) => idOf(email),
    audit: { record: async (e) => void audit.push(e), list: async () => audit },
    now: () => new Date('2026-11-27T10:00:00Z'),
  };
  await subscribers.save(
    confirmedSubscriber(
      'doc.gia@example.vn',
      {},
      {
        id: idOf('doc.gia@example.vn'),
        createdAt: '2026-11-01T08:00:00+07:00',
        nextDigestAt: '2026-11-28T07:00:00+07:00',
      },
    ),
    undefined,
  );
});

describe('subscribers for administrators', () => {
  it('finds a subscriber by address, whatever its case', async () => {
    expect(await findSubscriber(' Doc.Gia@Example.VN ', deps)).toMatchObject({ status: 'confirmed' });
    expect(await findSubscriber('nobody@example.vn', deps)).toBeUndefined();
    await expect(findSubscriber('not an address', deps)).rejects.toBeInstanceOf(ValidationError);
  });

  it('suppresses a subscriber (no more digests), once, and audits it by id', async () => {
    const first = await suppressSubscriber(
      { email: 'doc.gia@example.vn', reason: 'asked by phone' },
      'admin@x',
      deps,
    );
    expect(first.changed).toBe(true);
    expect(first.subscriber).toMatchObject({ status: 'suppressed', statusReason: 'admin: asked by phone' });
    expect(first.subscriber.nextDigestAt).toBeUndefined();
    const again = await suppressSubscriber({ email: 'doc.gia@example.vn' }, 'admin@x', deps);
    expect(again.changed).toBe(false);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'subscriber.suppress',
      target: `subscriber:${idOf('doc.gia@example.vn')}`,
      changes: [
        { path: 'status', before: 'confirmed', after: 'suppressed' },
        { path: 'statusReason', after: 'admin: asked by phone' },
      ],
    });
    expect(JSON.stringify(audit[0])).not.toContain('doc.gia@example.vn');
  });

  it('suppresses an address that never subscribed, so a later signup is refused', async () => {
    const result = await suppressSubscriber({ email: 'spam-trap@example.vn' }, 'admin@x', deps);
    expect(result).toMatchObject({
      changed: true,
      subscriber: { status: 'suppressed', email: 'spam-trap@example.vn' },
    });
    expect((await subscribers.get(idOf('spam-trap@example.vn')))?.subscriber.status).toBe('suppressed');
  });

  it('names the bad field', async () => {
    await expect(suppressSubscriber({ email: 'x@', extra: 1 }, 'admin@x', deps)).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'email' })]),
    });
  });

  it('lifts a suppression: unsubscribed, free to sign up again, the suppression kept as how the reader left (attack run 37)', async () => {
    await suppressSubscriber({ email: 'doc.gia@example.vn', reason: 'bounce' }, 'admin@x', deps);
    await expect(
      liftSuppression({ email: 'nobody@example.vn', reason: 'hỏi lại' }, 'a', deps),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(liftSuppression({ email: 'doc.gia@example.vn' }, 'a', deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
    const lifted = await liftSuppression(
      { email: 'doc.gia@example.vn', reason: 'the mailbox works again' },
      'admin@x',
      deps,
    );
    expect(lifted).toMatchObject({
      changed: true,
      subscriber: {
        status: 'unsubscribed',
        statusReason: 'admin lifted the suppression: the mailbox works again',
        lastLeft: { status: 'suppressed', reason: 'admin: bounce' },
      },
    });
    expect((await liftSuppression({ email: 'doc.gia@example.vn', reason: 'again' }, 'a', deps)).changed).toBe(
      false,
    );
    expect(audit.map((e) => e.action)).toEqual(['subscriber.suppress', 'subscriber.lift-suppression']);
  });

  it("suppresses a spelling's mailbox too, and lifts both (attack run 38)", async () => {
    await suppressSubscriber({ email: 'doc.gia+tin@example.vn', reason: 'complaint' }, 'admin@x', deps);
    expect((await subscribers.get(idOf('doc.gia@example.vn')))?.subscriber.status).toBe('suppressed');
    await liftSuppression({ email: 'doc.gia+tin@example.vn', reason: 'asked to come back' }, 'admin@x', deps);
    expect((await subscribers.get(idOf('doc.gia@example.vn')))?.subscriber.status).toBe('unsubscribed');
    expect((await subscribers.get(idOf('doc.gia+tin@example.vn')))?.subscriber.status).toBe('unsubscribed');
  });
});
