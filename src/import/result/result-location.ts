/**
 * Where the result workbook goes and where the Summary's decision cells are: what the dry run and
 * `verify` need from the result workbook's rules, without loading its writer (exceljs).
 */
import path from 'node:path';
import type { Lang } from '../../config/types.js';
import { describeCell } from '../../workbook/cell-value.js';
import { normaliseLabel } from '../locate-columns.js';
import { metaValue, type RawSheet, type RawWorkbook } from '../../workbook/raw-workbook.js';

/**
 * The default result path: the input without `.xlsx`, plus `.result.xlsx` (`proposal.xlsx` →
 * `proposal.result.xlsx`, CSV folder `proposal` → `proposal.result.xlsx`).
 */
export function defaultResultPath(inputPath: string): string {
  const resolved = path.resolve(inputPath).replace(/[\\/]+$/, '');
  return `${resolved.replace(/\.xlsx$/i, '')}.result.xlsx`;
}

/** The Summary cell of a decision (`B14`): on the row labelled with it (any language), else at `_meta`'s address. */
export function summaryCellOf(workbook: RawWorkbook, sheet: RawSheet, metaKey: string, labels: Readonly<Record<Lang, string>>): string {
  const wanted = new Set(Object.values(labels).map(normaliseLabel));
  const labelled = sheet.rows.find((row) => wanted.has(normaliseLabel(describeCell(row.cells[0]).text)));
  if (labelled !== undefined) return `B${labelled.number}`;
  return metaValue(workbook, metaKey) ?? `B${sheet.rows.length + 2}`;
}
