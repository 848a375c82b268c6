/**
 * The audit trail of administrator changes: who, when, what (before, after and the list of
 * changed paths, so a reader sees "selectors.body: .a → .b" without comparing documents).
 */
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../domain/audit-entry.js';
import type { AuditLog } from '../ports.js';

export type Change = AuditEntry['changes'][number];

/** The paths where `after` differs from `before`; arrays are compared as whole values. */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  // A created or deleted object lists its fields one by one too.
  const a = before === undefined && isPlainObject(after) ? {} : before;
  const b = after === undefined && isPlainObject(before) ? {} : after;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => diff(a[key], b[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(root)', before, after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

/** An entry with a time-sortable id: the UTC instant, then randomness against collisions. */
export function auditEntry(input: AuditInput, now: Date): AuditEntry {
  const at = now.toISOString();
  return {
    id: `${at}#${randomBytes(6).toString('hex')}`,
    at,
    actor: input.actor,
    action: input.action,
    target: input.target,
    ...(input.before !== undefined && { before: input.before }),
    ...(input.after !== undefined && { after: input.after }),
    changes: diff(input.before, input.after),
    ...(input.details && { details: input.details }),
  };
}

export async function recordAudit(log: AuditLog, input: AuditInput, now: Date): Promise<AuditEntry> {
  const entry = auditEntry(input, now);
  await log.record(entry);
  return entry;
}
