/**
 * Findings: what is wrong in an edited workbook, one per cell (DESIGN §8). They are data, all
 * collected, never thrown; an exception is only for a file that cannot be read at all.
 */

export interface Finding {
  /** Stable machine code, e.g. `invalid-flag` (see FINDING_CODES). */
  code: string;
  severity: 'error';
  /** The sheet name as in the file (for a CSV folder, the file name). */
  sheet: string;
  /** 1-based row in the file; 0 when the finding is about the whole sheet. */
  row: number;
  /** Column letter, or `''` when the finding is about a whole row or sheet. */
  column: string;
  /** Excel reference: `'BOB to CRM'!M14`, `'BOB to CRM'!14:14` (a row), or `''` (a whole sheet). */
  cell: string;
  /** Row key of the row, or `''`. */
  rowKey: string;
  /** Says what is wrong and what to do. */
  message: string;
}

export const FINDING_CODES = [
  'invalid-flag',
  'conflicting-flags',
  'formula',
  'cell-error',
  'unknown-candidate',
  'crm-id-linked-twice',
  'crm-id-already-linked',
  'missing-bob-id',
  'invalid-bob-id',
  'bob-id-in-use',
  'bob-id-used-twice',
  'missing-crm-field',
  'unknown-crm-field',
  'crm-field-used-twice',
  'invalid-condition',
  'missing-value',
  'unknown-row',
  'duplicate-row',
  'added-row',
  'changed-cell',
  'missing-column',
  'duplicate-column',
  'missing-sheet',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** Column letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`. */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`Expected a column index from 0 up, got ${index}`);
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** 0-based column index of column letters (`A` → 0, `AA` → 26), or -1 when they are not letters. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Parses an address like `B14` (optionally `$B$14`) into a 1-based row and 0-based column, or null. */
export function parseCellAddress(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/.exec(address.trim());
  if (!m) return null;
  return { row: Number(m[2]), col: columnIndex(m[1]!) };
}

/**
 * A sheet name as Excel writes it in a reference: bare when it is a plain word, else in single
 * quotes with inner quotes doubled (`'BOB to CRM'`, `'O''Brien'`).
 */
export function quoteSheetName(name: string): string {
  const plain =
    /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && // looks like a cell (A1)
    !/^[Rr]([0-9]*)?([Cc][0-9]*)?$/.test(name); // looks like R1C1 (R, C, R1C2)
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Excel reference of one cell: `cellRef('BOB to CRM', 14, 12)` → `'BOB to CRM'!M14` (column 0-based). */
export function cellRef(sheetName: string, row: number, colIndex: number): string {
  return `${quoteSheetName(sheetName)}!${columnLetter(colIndex)}${row}`;
}

/** Excel reference of a whole row: `'BOB to CRM'!14:14`. */
export function rowRef(sheetName: string, row: number): string {
  return `${quoteSheetName(sheetName)}!${row}:${row}`;
}

/** A finding about one cell. */
export function cellFinding(
  code: FindingCode,
  sheet: string,
  row: number,
  colIndex: number,
  rowKey: string,
  message: string,
): Finding {
  return { code, severity: 'error', sheet, row, column: columnLetter(colIndex), cell: cellRef(sheet, row, colIndex), rowKey, message };
}

/** A finding about a whole row (`row` ≥ 1) or, with row 0, a whole sheet. */
export function rowFinding(code: FindingCode, sheet: string, row: number, rowKey: string, message: string): Finding {
  return { code, severity: 'error', sheet, row, column: '', cell: row > 0 ? rowRef(sheet, row) : '', rowKey, message };
}
