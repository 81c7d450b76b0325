/**
 * Column widths of a data sheet, measured on its header and first rows. Apart from the exceljs
 * writer so that the thread which hands rows to it (`write-xlsx-thread`) does not load exceljs.
 */
import type { ColumnDef } from '../../templates/columns.js';
import type { CellValue } from '../workbook/cell-text.js';

export interface ColumnWidth {
  width: number;
  multiline: boolean;
}

const MAX_WIDTH = 60;
const WIDTH_SAMPLE_ROWS = 200;

/** Column widths from the definitions, widened to the header and to sampled content, capped. */
export function columnWidths(sheet: {
  columns: readonly ColumnDef[];
  header: readonly string[];
  rows(): Iterable<{ values: readonly CellValue[] }>;
}): ColumnWidth[] {
  const widths = sheet.columns.map((column, index) => ({
    width: Math.max(column.width, longestLine(sheet.header[index] ?? '') + 2),
    multiline: false,
  }));
  let sampled = 0;
  for (const line of sheet.rows()) {
    if (sampled++ >= WIDTH_SAMPLE_ROWS) break;
    line.values.forEach((value, index) => {
      const entry = widths[index];
      if (entry === undefined || value === null) return;
      const text = String(value);
      if (text.includes('\n')) entry.multiline = true;
      entry.width = Math.max(entry.width, longestLine(text) + 2);
    });
  }
  return widths.map((entry, index) => {
    const cap = Math.min(MAX_WIDTH, sheet.columns[index]?.maxWidth ?? MAX_WIDTH);
    // A text wider than its column wraps (the writer sets the row height).
    return { width: Math.min(entry.width, cap), multiline: entry.multiline || entry.width > cap };
  });
}

function longestLine(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}
