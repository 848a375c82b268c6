import { describe, expect, it } from 'vitest';
import { auditEntry, diff } from '../../../shared/admin/audit.js';

describe('diff', () => {
  it('lists changed paths with before and after; arrays as whole values', () => {
    const before = { name: 'A', selectors: { body: '.a', remove: ['.x'] }, urls: ['u1'] };
    const after = {
      name: 'A',
      selectors: { body: '.b', remove: ['.x', '.y'] },
      urls: ['u1'],
      enabled: false,
    };
    expect(diff(before, after)).toEqual([
      { path: 'enabled', before: undefined, after: false },
      { path: 'selectors.body', before: '.a', after: '.b' },
      { path: 'selectors.remove', before: ['.x'], after: ['.x', '.y'] },
    ]);
  });

  it('lists every field of a created or deleted object', () => {
    expect(diff(undefined, { id: 'x', selectors: { body: '.a' } })).toEqual([
      { path: 'id', before: undefined, after: 'x' },
      { path: 'selectors.body', before: undefined, after: '.a' },
    ]);
    expect(diff({ id: 'x' }, undefined)).toEqual([{ path: 'id', before: 'x', after: undefined }]);
  });

  it('is empty when nothing changed', () => {
    expect(diff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});

describe('auditEntry', () => {
  it('has a time-sortable id, the UTC time, the actor and the changes', () => {
    const entry = auditEntry(
      {
        actor: 'admin@example.vn',
        action: 'source.update',
        target: 'source:x',
        before: { a: 1 },
        after: { a: 2 },
      },
      new Date('2026-11-27T10:00:00.123Z'),
    );
    expect(entry.id).toMatch(/^2026-11-27T10:00:00\.123Z#[a-f0-9]{12}$/);
    expect(entry).toMatchObject({
      at: '2026-11-27T10:00:00.123Z',
      actor: 'admin@example.vn',
      changes: [{ path: 'a', before: 1, after: 2 }],
    });
  });
});
