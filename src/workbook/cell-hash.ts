/**
 * What import checks an edited workbook against: the hash of each row's read-only cells and of the
 * `_meta` content, both registered with the proposal at export. One definition for both halves, so
 * the cell written and the cell read back hash the same way.
 */
import { hash } from 'node:crypto';
import { isDecision, type ColumnDef, type MetaEntries } from '../../templates/columns.js';
import { describeCell, type RawCell } from './cell-value.js';

/**
 * A cell's text as the hash takes it, the same for a cell as written (`CellValue`) and as read back
 * (`RawCell`): text as it is, numbers with `String(n)`, blank as empty.
 */
export function hashText(cell: RawCell | undefined): string {
  // Written cells are only these three shapes, and they are hashed for every row of a proposal.
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  const info = describeCell(cell);
  return info.type === 'number' ? String(info.number) : info.text;
}

/** The read-only cells of a row, as hash texts, in column order. */
export function readOnlyTexts(columns: readonly ColumnDef[], values: readonly RawCell[]): string[] {
  const texts: string[] = [];
  columns.forEach((column, index) => {
    if (!isDecision(column)) texts.push(hashText(values[index]));
  });
  return texts;
}

/** Hash of a row's read-only cells (their hash texts, read-only columns only, in column order). */
export function readOnlyCellHash(texts: readonly string[]): string {
  return hash('sha256', texts.join('\u001f'), 'hex');
}

/** Hash of the `_meta` content; a different hash means `_meta` was altered. */
export function metaHash(entries: MetaEntries): string {
  return hash('sha256', entries.map(([k, v]) => `${k}=${v}`).join('\n'), 'hex');
}
