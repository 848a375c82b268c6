import { describe, expect, it } from 'vitest';
import { AdminError, SourceAdmin } from '../../../shared/admin/manage-sources.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { MemoryArticles, MemoryAuditLog, MemoryQueue, MemorySources } from '../../support/in-memory.js';
import { sourceInput } from '../../support/sample-site.js';

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
    const sources = new MemorySources();
    await sources.put(SourceSchema.parse(sourceInput()));
    const get = sources.get.bind(sources);
    let edited = false;
    sources.get = async (id) => {
      const record = await get(id);
      // The other edit lands right after the first read.
      if (!edited && record) {
        edited = true;
        await sources.replace({ ...record.source, name: 'Báo Hà Nam điện tử' });
      }
      return record;
    };
    const audit = new MemoryAuditLog();
    const admin = new SourceAdmin({
      sources,
      articles: new MemoryArticles(),
      queue: new MemoryQueue(),
      feedRequests: { send: async () => {} } as never,
      audit,
      checks: { resolve: async () => ['203.162.4.190'] } as never,
    });
    await admin.setEnabled('bao-ha-nam', false, 'admin');
    expect((await get('bao-ha-nam'))?.source).toMatchObject({ name: 'Báo Hà Nam điện tử', enabled: false });
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'source.disable',
      after: { name: 'Báo Hà Nam điện tử', enabled: false },
    });
  });
});
