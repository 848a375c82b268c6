/** Small, fast helpers over the domhandler tree cheerio builds (no cheerio wrapping in hot loops). */
import type { AnyNode, Element, ParentNode, Text } from 'domhandler';

export type { AnyNode, Element, ParentNode };

/**
 * Set by prepareDocument on the box a form control was removed from: `field` for an input, a
 * list or a text area (counted as Readability counts inputs), else `button`.
 */
export const CONTROL_MARK = 'data-bantin-controls';
/** The mark prepare.ts leaves on the box a player or an embedded post sat in (it removes them). */
export const EMBED_MARK = 'data-bantin-embed';

export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** The element just before `el` among its siblings, the text between them aside. */
export function previousElement(el: Element): Element | undefined {
  let previous = el.prev;
  while (previous && !isElement(previous)) previous = previous.prev;
  return previous ?? undefined;
}

export function nextElement(el: Element): Element | undefined {
  let next = el.next;
  while (next && !isElement(next)) next = next.next;
  return next ?? undefined;
}

export function isText(node: AnyNode | null | undefined): node is Text {
  return !!node && node.type === 'text';
}

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/** The class and id of an element, lowercased, for name-hint regexes. */
export function classAndId(el: Element): string {
  const cls = el.attribs.class ?? '';
  const id = el.attribs.id ?? '';
  if (!cls && !id) return '';
  const names = `${cls} ${id}`;
  const lower = names.toLowerCase();
  // A camelCase name ("componentsArticleLead", "storyBody") is read word by word as well
  // ("components-article-lead"): a hint names a word, and lower case alone runs the words together.
  const words = names.replace(/(\p{Ll})(?=\p{Lu})/gu, '$1-').toLowerCase();
  return words === lower ? lower : `${lower} ${words}`;
}

export function childElements(el: ParentNode): Element[] {
  return el.children.filter(isElement);
}

export function parentElement(node: AnyNode): Element | null {
  const parent = node.parent;
  return isElement(parent) ? parent : null;
}

/**
 * The text of a subtree as a reader sees it (textContent, but a block-level element kept apart
 * from its neighbours by a space, and `<br>` a line break: "…Hàm Thuận Nam</p><span>Ảnh…" does
 * not read "NamẢnh"), without scripts and styles, optionally skipping some elements.
 */
export function rawText(node: AnyNode, skip?: ReadonlySet<Element>): string {
  if (isText(node)) return node.data;
  if (!isElement(node) && node.type !== 'root') return '';
  if (isElement(node) && (skip?.has(node) || node.type !== 'tag')) return '';
  let out = '';
  for (const child of (node as ParentNode).children) {
    if (!isElement(child)) out += isText(child) ? child.data : '';
    else if (child.name === 'br') out += '\n';
    else if (isBlockish(child)) out += ` ${rawText(child, skip)} `;
    else out += rawText(child, skip);
  }
  return out;
}

/** The first text node of a subtree that holds more than whitespace. */
export function firstText(node: ParentNode): Text | undefined {
  for (const child of node.children) {
    if (isText(child)) {
      if (/\S/.test(child.data)) return child;
    } else if (isElement(child)) {
      const found = firstText(child);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every element under `root` in document order (root excluded); iterative, so any depth is safe. */
export function descendants(root: ParentNode): Element[] {
  const out: Element[] = [];
  forEachDescendant(root, (el) => out.push(el));
  return out;
}

/** Up to `limit` elements after `start` in document order (its own descendants first), without walking the rest. */
export function elementsAfter(start: Element, limit: number): Element[] {
  const out: Element[] = [];
  let node: AnyNode | null = start;
  let descend = true;
  while (node && out.length < limit) {
    const first: AnyNode | undefined = descend && isElement(node) ? node.children.find(isElement) : undefined;
    if (first) node = first;
    else {
      // The next element beside it, or beside the nearest ancestor that has one.
      let next: AnyNode | null = null;
      for (let at: AnyNode | null = node; at && !next; at = at.parent) {
        let sibling: AnyNode | null = at.next;
        while (sibling && !isElement(sibling)) sibling = sibling.next;
        next = sibling;
      }
      node = next;
    }
    descend = true;
    if (node && isElement(node)) out.push(node);
  }
  return out;
}

/** Calls `visit` on every element under `root`, in document order, without collecting them. */
function forEachDescendant(root: ParentNode, visit: (el: Element) => void): void {
  const stack: Element[] = [];
  const pushChildren = (node: ParentNode) => {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (isElement(child)) stack.push(child);
    }
  };
  pushChildren(root);
  while (stack.length > 0) {
    const el = stack.pop()!;
    visit(el);
    pushChildren(el);
  }
}

/** The elements under `root` with one of the given tag names, by name, in document order (one walk). */
export function elementsByName(root: ParentNode, names: ReadonlySet<string>): Map<string, Element[]> {
  const out = new Map<string, Element[]>();
  forEachDescendant(root, (el) => {
    if (!names.has(el.name)) return;
    const list = out.get(el.name);
    if (list) list.push(el);
    else out.set(el.name, [el]);
  });
  return out;
}

export function hasAncestor(node: AnyNode, test: (el: Element) => boolean): boolean {
  for (let p = node.parent; p; p = p.parent) if (isElement(p) && test(p)) return true;
  return false;
}

export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let p: AnyNode | null = node; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/**
 * Removes many nodes, each parent's children rewritten once: removing them one by one costs a
 * search of their siblings each (a page decides how many a selector matches).
 */
export function removeNodes(nodes: readonly AnyNode[]): void {
  for (const [parent, removed] of groupByParent(nodes)) {
    const kept = parent.children.filter((child) => !removed.has(child));
    kept.forEach((child, i) => {
      child.prev = kept[i - 1] ?? null;
      child.next = kept[i + 1] ?? null;
    });
    parent.children = kept;
    for (const node of removed) {
      node.parent = null;
      node.prev = null;
      node.next = null;
    }
  }
}

/** The nodes that have a parent, by their parent: what a batched change rewrites once each. */
function groupByParent(nodes: readonly AnyNode[]): Map<ParentNode, Set<AnyNode>> {
  const groups = new Map<ParentNode, Set<AnyNode>>();
  for (const node of nodes) {
    if (!node.parent) continue;
    const set = groups.get(node.parent) ?? new Set<AnyNode>();
    groups.set(node.parent, set);
    set.add(node);
  }
  return groups;
}

/** Replaces each element by its children, each parent's children rewritten once. */
export function unwrapNodes(elements: readonly Element[]): void {
  for (const [parent, unwrapped] of groupByParent(elements)) {
    const kept: AnyNode[] = [];
    for (const child of parent.children) {
      if (!unwrapped.has(child)) {
        kept.push(child);
        continue;
      }
      const el = child as Element;
      for (const kid of el.children) {
        kid.parent = parent;
        kept.push(kid);
      }
      el.children = [];
      el.parent = null;
      el.prev = null;
      el.next = null;
    }
    kept.forEach((child, i) => {
      child.prev = kept[i - 1] ?? null;
      child.next = kept[i + 1] ?? null;
    });
    parent.children = kept as never;
  }
}

/** Inline-level tags: their text flows into the surrounding paragraph. */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdi',
  'bdo',
  'big',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'label',
  'mark',
  'nobr',
  'q',
  // Ruby's base text flows in its sentence (its readings, rt and rp, are dropped: prepare.ts).
  'rb',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/** Inline-level elements flow into the surrounding paragraph. */
export function isInline(name: string): boolean {
  return INLINE_TAGS.has(name) || name === 'img' || name === 'picture';
}

/** Elements that start a new block when they appear inside text. */
export function isBlockish(el: Element): boolean {
  return !isInline(el.name);
}
