/**
 * A workbook as read from disk, before any interpretation: sheets of rows of normalised cells.
 * Both readers (xlsx and CSV folder) produce this shape; validation only ever sees this.
 */
import type { MetaEntries } from '../../templates/columns.js';
import type { RawCell } from './cell-value.js';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface RawRow {
  /** 1-based row number in the file (a CSV record's number, header = 1). */
  number: number;
  /** Normalised values by 0-based column index (A = 0); trailing blanks dropped; holes are null. */
  cells: RawCell[];
  /** True when the file marks the row hidden (filters); undefined when the reader cannot tell. */
  hidden?: boolean;
}

export interface RawSheet {
  /** The sheet name as in the file; for a CSV folder, the file name (`bob-to-crm.csv`). */
  name: string;
  state: SheetState;
  /** Rows holding at least one value, in file order. */
  rows: RawRow[];
  /** A CSV file saved in Windows-1252 (Excel's "CSV"): characters it has no code for came back as `?`. */
  lossyEncoding?: 'windows-1252';
}

export interface RawWorkbook {
  format: 'xlsx' | 'csv';
  /** The path given (file or folder). */
  path: string;
  /** sha-256 (hex) of the xlsx file, or of a CSV folder (see readWorkbook). */
  fileSha256: string;
  /** The `_meta` sheet (xlsx) or `meta.json` (CSV), or null when absent. */
  meta: { entries: MetaEntries; state: SheetState } | null;
  /** Every sheet but `_meta`, in file order. */
  sheets: RawSheet[];
  /** Things worth telling that are not findings (an encoding fallback, skipped columns). */
  notes?: string[];
}

/** The value of a `_meta` entry, or undefined. */
export function metaValue(workbook: Pick<RawWorkbook, 'meta'>, key: string): string | undefined {
  return workbook.meta?.entries.find(([k]) => k === key)?.[1];
}
