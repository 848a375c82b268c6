import { describe, expect, it } from 'vitest';
import { AdminError, SourceAdmin } from '../../../shared/admin/manage-sources.js';
import { listingOf } from '../../../shared/domain/feed-listing.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { SourceRecord } from '../../../shared/domain/source-record.js';
import { entry } from '../../contract/article-repository.js';
import { MemoryArticles, MemoryAuditLog, MemoryQueue, MemorySources } from '../../support/in-memory.js';
import { ORIGIN, sourceInput } from '../../support/sample-site.js';

/** The admin of sources, whose every read of a source is followed by a delete that runs meanwhile. */
async function racingDelete() {
  const sources = new MemorySources();
  await sources.put(SourceSchema.parse(sourceInput()));
  const get = sources.get.bind(sources);
  sources.get = async (id) => {
    const record = await get(id);
    await sources.remove(id);
    return record;
  };
  const admin = new SourceAdmin({
    sources,
    articles: new MemoryArticles(),
    queue: new MemoryQueue(),
    feedRequests: { send: async () => {} } as never,
    audit: new MemoryAuditLog(),
    checks: { resolve: async () => ['203.162.4.190'] } as never,
  });
  return { admin, sources, get };
}

describe('editing a source deleted meanwhile', () => {
  it('disabling it answers that it is gone and does not bring it back', async () => {
    const { admin, get } = await racingDelete();
    await expect(admin.setEnabled('bao-ha-nam', false, 'admin')).rejects.toBeInstanceOf(AdminError);
    expect(await get('bao-ha-nam')).toBeUndefined();
  });
});

describe('switching a source off while another administrator edits it', () => {
  it('keeps the edit saved between its read and its write, and audits what it wrote', async () => {
    // The other edit lands right after the first read.
    const { sources, get } = await afterFirstRead((record, sources) =>
      sources.replace({ ...record.source, name: 'Báo Hà Nam điện tử' }),
    );
    const { admin, audit } = adminOf(sources);
    await admin.setEnabled('bao-ha-nam', false, 'admin');
    expect((await get('bao-ha-nam'))?.source).toMatchObject({ name: 'Báo Hà Nam điện tử', enabled: false });
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'source.disable',
      after: { name: 'Báo Hà Nam điện tử', enabled: false },
    });
    // The switch is all it claims: the edit saved meanwhile is not among its changes (attack run 24).
    const { before, after } = audit.entries.at(-1)! as { before: object; after: object };
    expect(before).toEqual({ ...after, enabled: true });
  });
});

describe('concurrent edits of one source', () => {
  it("audit each edit with the configuration it replaced, so the log's before and after states chain", async () => {
    const sources = new MemorySources();
    const original = SourceSchema.parse(sourceInput());
    await sources.put(original);
    // Every edit reads the source before any of them writes.
    const get = sources.get.bind(sources);
    let reads = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => (release = resolve));
    sources.get = async (id) => {
      const record = await get(id);
      if (++reads === 5) release();
      await allRead;
      return record;
    };
    const { admin, audit } = adminOf(sources);
    const { id: _id, ...input } = original;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => admin.update(original.id, { ...input, name: `Báo Hà Nam ${n}` }, 'admin')),
    );
    sources.get = get;
    const updates = audit.entries.filter((e) => e.action === 'source.update');
    expect(updates).toHaveLength(5);
    // One chain from the original to what is stored: each before is the after of the one before it.
    const names = (e: (typeof updates)[number], side: 'before' | 'after') =>
      (e[side] as { name: string } | undefined)?.name;
    expect(names(updates[0]!, 'before')).toBe(original.name);
    for (let i = 1; i < updates.length; i++)
      expect(names(updates[i]!, 'before')).toBe(names(updates[i - 1]!, 'after'));
    expect((await sources.get(original.id))?.source.name).toBe(names(updates.at(-1)!, 'after'));
  });
});

describe('updating a disabled source with a configuration that does not say enabled', () => {
  it('keeps it disabled; one that says enabled switches it', async () => {
    const sources = new MemorySources();
    await sources.put(SourceSchema.parse(sourceInput({ enabled: false })));
    const { admin } = adminOf(sources);
    // The README's file: no "enabled".
    const file = sourceInput({ name: 'Báo Hà Nam điện tử' });
    expect(file).not.toHaveProperty('enabled');
    const updated = await admin.update('bao-ha-nam', file, 'admin');
    expect(updated.source).toMatchObject({ name: 'Báo Hà Nam điện tử', enabled: false });
    expect((await sources.get('bao-ha-nam'))?.source.enabled).toBe(false);
    expect((await admin.update('bao-ha-nam', { ...file, enabled: true }, 'admin')).source.enabled).toBe(true);
  });
});

describe('an edit that does not say enabled, while another administrator disables the source', () => {
  it('keeps the disable that lands between its read and its write, and audits the source off', async () => {
    // The disable lands right after the edit's read.
    const { sources, get } = await afterFirstRead((record, sources) =>
      sources.setEnabled(record.source.id, false),
    );
    const { admin, audit } = adminOf(sources);
    const updated = await admin.update('bao-ha-nam', sourceInput({ name: 'Báo Hà Nam điện tử' }), 'admin');
    sources.get = get;
    expect((await sources.get('bao-ha-nam'))?.source).toMatchObject({
      name: 'Báo Hà Nam điện tử',
      enabled: false,
    });
    expect(updated.source.enabled).toBe(false);
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'source.update',
      before: { enabled: false },
      after: { name: 'Báo Hà Nam điện tử', enabled: false },
    });
  });
});

/**
 * The sample source in memory, where `meanwhile` runs right after the first read of it (another
 * administrator's write landing between a read and its write); `get` reads without it.
 */
async function afterFirstRead(
  meanwhile: (record: SourceRecord, sources: MemorySources) => Promise<unknown>,
): Promise<{ sources: MemorySources; get: MemorySources['get'] }> {
  const sources = new MemorySources();
  await sources.put(SourceSchema.parse(sourceInput()));
  const get = sources.get.bind(sources);
  let done = false;
  sources.get = async (id) => {
    const record = await get(id);
    if (!done && record) {
      done = true;
      await meanwhile(record, sources);
    }
    return record;
  };
  return { sources, get };
}

/** A SourceAdmin over `sources`, with its audit log; the other ports in memory, checks passing. */
function adminOf(
  sources: MemorySources,
  now?: () => Date,
  articles = new MemoryArticles(),
): { admin: SourceAdmin; audit: MemoryAuditLog } {
  const audit = new MemoryAuditLog();
  const admin = new SourceAdmin({
    sources,
    articles,
    queue: new MemoryQueue(),
    feedRequests: { send: async () => {} } as never,
    audit,
    checks: { resolve: async () => ['203.162.4.190'] } as never,
    ...(now ? { now } : {}),
  });
  return { admin, audit };
}

describe('two administrators disabling one source at once', () => {
  it('switches it once, audited once; the other is told nothing changed (attack run 31)', async () => {
    // The second disable lands right after the first one read the source, still on.
    const { sources, get } = await afterFirstRead((record, sources) =>
      sources.setEnabled(record.source.id, false),
    );
    const { admin, audit } = adminOf(sources);
    const revision = (await get('bao-ha-nam'))!.revision ?? 0;
    const first = await admin.setEnabled('bao-ha-nam', false, 'admin');
    expect(first).toMatchObject({ changed: false, source: { enabled: false } });
    expect(audit.entries.filter((entry) => entry.action === 'source.disable')).toEqual([]);
    // One switch, the other call's: one revision more.
    expect((await get('bao-ha-nam'))?.revision).toBe(revision + 1);
  });
});

describe('an edit of a source deleted and created again since it was read', () => {
  it('is stale: the new source does not take up the old revisions (attack run 29)', async () => {
    const sources = new MemorySources();
    let now = Date.parse('2026-12-03T08:00:00Z');
    const clock = adminOf(sources, () => new Date(now)).admin;
    const read = await clock.create(sourceInput({ enabled: false }), 'a');
    // Another administrator deletes it and creates it again, with another name.
    now += 60_000;
    await clock.remove(read.source.id, 'b');
    const again = await clock.create(sourceInput({ enabled: false, name: 'Báo B' }), 'b');
    expect(again.revision).not.toBe(read.revision);
    // The first administrator's edit names the revision it read.
    await expect(
      clock.update(read.source.id, sourceInput({ enabled: false, name: 'Báo A' }), 'a', {
        revisions: [read.revision],
      }),
    ).rejects.toMatchObject({ kind: 'stale' });
    expect((await sources.get(read.source.id))?.source.name).toBe('Báo B');
  });
});

describe('the id of a deleted source whose articles are stored (attack run 37)', () => {
  async function deletedWithArticles() {
    const sources = new MemorySources();
    const articles = new MemoryArticles();
    const { admin } = adminOf(sources, undefined, articles);
    await admin.create(sourceInput({ enabled: false }), 'a');
    const stored = entry(1, { sourceId: 'bao-ha-nam', url: `${ORIGIN}/tin/1.html` });
    await articles.create(stored, listingOf(stored, new Date()));
    await admin.remove('bao-ha-nam', 'a');
    return { admin, sources };
  }

  it('is refused to a paper of another site: its feed and credits would pass to it', async () => {
    const { admin, sources } = await deletedWithArticles();
    const other = sourceInput({ name: 'Tạp chí Thể Thao', homepage: 'https://thethao.example.vn/' });
    await expect(admin.create(other, 'b')).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('belonged to a paper at baohanam.example.vn'),
    });
    expect(await sources.get('bao-ha-nam')).toBeUndefined();
    expect((await admin.create({ ...other, id: 'the-thao' }, 'b')).source.id).toBe('the-thao');
  });

  it("is refused too when the paper's only items were copies of other papers' stories, or its site another port (attack run 38)", async () => {
    const sources = new MemorySources();
    const articles = new MemoryArticles();
    const { admin } = adminOf(sources, undefined, articles);
    await admin.create(
      sourceInput({ id: 'bao-chep', enabled: false, homepage: 'https://chep.example.vn:8443/' }),
      'a',
    );
    const story = entry(2, {
      sourceId: 'bao-goc',
      url: 'https://goc.example.vn/tin/2.html',
      alsoPublishedBy: [
        {
          sourceId: 'bao-chep',
          url: 'https://chep.example.vn:8443/tin/2.html',
          publishedAt: '2026-11-27T08:00:00+07:00',
        },
      ],
    });
    await articles.create(story, listingOf(story, new Date()));
    await articles.addListing(story.id, {
      feeds: [{ kind: 'source', sourceId: 'bao-chep' }],
      listedKey: `2026-11-27T01:00:00.000Z#${story.id}`,
    });
    await admin.remove('bao-chep', 'a');
    const other = sourceInput({ id: 'bao-chep', name: 'Báo khác', homepage: 'https://chep.example.vn/' });
    await expect(admin.create(other, 'b')).rejects.toMatchObject({ kind: 'conflict' });
    const same = sourceInput({ id: 'bao-chep', homepage: 'https://www.chep.example.vn:8443/' });
    expect((await admin.create(same, 'b')).source.id).toBe('bao-chep');
  });

  it('is given back to the same paper', async () => {
    const { admin } = await deletedWithArticles();
    const again = await admin.create(sourceInput({ homepage: 'https://www.baohanam.example.vn/' }), 'a');
    expect(again.source.id).toBe('bao-ha-nam');
  });
});
