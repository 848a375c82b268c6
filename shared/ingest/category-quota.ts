/**
 * The categories a source may bring: each category is a feed of its own (and a line of the OPML
 * directory), so a source's articles open at most MAX_SOURCE_CATEGORIES of them, the first ones it
 * brought. A paper has a few dozen sections; a hostile feed with ten new tags on each of its 50
 * items a poll opened 500 feeds a poll. Further categories are left off the articles, and the
 * poll says so: the source's health keeps the slugs it brought.
 */
import { categorySlug } from '../domain/category.js';

export const MAX_SOURCE_CATEGORIES = 100;

export class CategoryQuota {
  private readonly slugs: Set<string>;
  private readonly leftOff = new Set<string>();

  constructor(known: readonly string[] = []) {
    this.slugs = new Set(known);
  }

  /** The categories an article of the source keeps: those the source brought before, then new ones while there is room. */
  admit(categories: readonly string[]): string[] {
    return categories.filter((name) => {
      const slug = categorySlug(name);
      if (this.slugs.has(slug)) return true;
      if (this.slugs.size < MAX_SOURCE_CATEGORIES) {
        this.slugs.add(slug);
        return true;
      }
      this.leftOff.add(name);
      return false;
    });
  }

  /** The slugs the source brought, as its health keeps them. */
  known(): string[] {
    return [...this.slugs];
  }

  /** What the poll says when it left categories off, or nothing. */
  warning(): string | undefined {
    if (this.leftOff.size === 0) return undefined;
    const names = [...this.leftOff].slice(0, 5).map((name) => `"${name}"`);
    return `${this.leftOff.size} categories left off this poll's articles (${names.join(', ')}${this.leftOff.size > 5 ? ', …' : ''}): a source brings at most ${MAX_SOURCE_CATEGORIES} categories, each a feed of its own`;
  }
}
