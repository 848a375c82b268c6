/** The administration API's ports, all in memory, for tests of its routes. */
import type { AdminApiDeps } from '../../functions/admin-api/routes.js';
import {
  MemoryArticles,
  MemoryAuditLog,
  MemoryContent,
  MemoryPublisher,
  MemoryQueue,
  MemorySources,
} from './in-memory.js';
import { MemorySubscribers } from './mail-memory.js';
import { FakeWeb, fakeResolve } from './sample-site.js';

export function memoryAdminDeps(overrides: Partial<AdminApiDeps> = {}): AdminApiDeps {
  const sources = overrides.sources ?? new MemorySources();
  const subscribers = new MemorySubscribers();
  return {
    sources,
    articles: new MemoryArticles(),
    content: new MemoryContent(),
    events: new MemoryPublisher(),
    queue: new MemoryQueue(),
    feedRequests: { send: async () => {} },
    audit: new MemoryAuditLog(),
    fetch: new FakeWeb().fetch,
    checks: { allowLoopback: false, resolve: fakeResolve() },
    subscribers: { subscribers, stats: subscribers, subscriberId: async () => 'a'.repeat(24) },
    webhooks: {
      subscriptions: { register: async () => ({}) as never, list: async () => [], remove: async () => false },
      sources,
      allowLoopback: false,
    },
    ...overrides,
  };
}
