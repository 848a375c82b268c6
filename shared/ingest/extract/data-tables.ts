/** Tables of data (kept in the body as tables) told from tables used for page layout. */
import { childElements, type Element, isElement } from './dom.js';

/** Readability's test for tables of data, as opposed to tables used for layout. */
export function isDataTable(table: Element): boolean {
  if ((table.attribs.role ?? '') === 'presentation' || table.attribs.datatable === '0') return false;
  let rows = 0;
  let columns = 0;
  let hasHeader = !!table.attribs.summary;
  let nested = false;
  let images = false;
  const visit = (el: Element) => {
    for (const child of el.children) {
      if (!isElement(child)) continue;
      switch (child.name) {
        case 'table':
          nested = true;
          continue;
        case 'img':
          images = true;
          break;
        case 'caption':
        case 'thead':
        case 'th':
        case 'tfoot':
        case 'colgroup':
          hasHeader = true;
          break;
        case 'tr':
          rows += 1;
          columns = Math.max(
            columns,
            childElements(child).filter((c) => c.name === 'td' || c.name === 'th').length,
          );
          break;
      }
      visit(child);
    }
  };
  visit(table);
  if (nested || images) return false;
  if (hasHeader) return true;
  // Ruled lines drawn round its cells: a grid of figures (layout tables are drawn with border="0").
  if (Number.parseInt(table.attribs.border ?? '0', 10) >= 1 && rows >= 2 && columns >= 2) return true;
  if (rows >= 10 || columns > 4) return true;
  return rows * columns > 10;
}
