/**
 * The bounds of the administrators' requests, shared by the admin API (which enforces them) and
 * the CLI (which checks its options against them, so a mistake in the command line is named there
 * and exits 2, before any request).
 */
export const ADMIN_LIMITS = {
  /** Stored articles one re-extraction considers (`limit`, `articleIds`). */
  reextract: 200,
  /** Articles a preview extracts (`articles`). */
  previewArticles: 5,
  /** A source's recent articles listed at once (`limit`). */
  recentArticles: 100,
  /** Sources listed a page (`limit`). */
  sourcesPage: 100,
  /** Audit entries a page (`limit`). */
  auditPage: 200,
} as const;

/** An audit target: its kind, a colon, its id (`source:bao-ha-nam`, `article:…`). */
export const AUDIT_TARGET = /^[a-z]+:[^\s]{1,200}$/;
