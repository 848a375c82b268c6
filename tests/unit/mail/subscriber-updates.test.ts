/** Read-modify-write of one subscriber under writers racing for it. */
import { describe, expect, it } from 'vitest';
import { answer, json } from '../../../functions/http.js';
import { updateSubscriber } from '../../../shared/mail/subscriber-updates.js';
import { confirmedSubscriber, MemorySubscribers } from '../../support/mail-memory.js';

describe('updateSubscriber', () => {
  it('lands every one of eight writers racing for one subscriber (attack run 31: an unsubscribe beside manage-form saves failed)', async () => {
    const subscribers = new MemorySubscribers();
    const reader = confirmedSubscriber('ban@example.vn', { keywords: [] });
    await subscribers.save(reader, undefined);
    // Every read lands a little after it was asked, as a network round trip does: writers collide.
    const get = subscribers.get.bind(subscribers);
    subscribers.get = async (id) => {
      const record = await get(id);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return record;
    };
    const writers = Array.from({ length: 8 }, (_, n) =>
      updateSubscriber(subscribers, reader.id, (current) => ({
        ...current,
        preferences: { ...current.preferences, keywords: [...current.preferences.keywords, `từ ${n}`] },
      })),
    );
    const results = await Promise.allSettled(writers);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await get(reader.id))!.subscriber.preferences.keywords).toHaveLength(8);
  });

  it('answers a writer that loses every try 409 with Retry-After, not 500: nothing was lost (attack run 36: 50 manage saves at once tripped the 5xx alarm)', async () => {
    const subscribers = new MemorySubscribers();
    const reader = confirmedSubscriber('ban@example.vn', { keywords: [] });
    await subscribers.save(reader, undefined);
    // Another writer lands before every save.
    subscribers.save = async () => undefined;
    const errors: unknown[] = [];
    const result = await answer(
      async () => {
        await updateSubscriber(subscribers, reader.id, (current) => ({ ...current }));
        return json(200, {});
      },
      (error) => errors.push(error),
    );
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(result.body!).error).toMatch(/try again/);
    expect(errors).toEqual([]);
  });
});
