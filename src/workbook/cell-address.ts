/**
 * Cell addresses as Excel writes them: column letters, `B14`, `'BOB to CRM'!M14`, `'CRM to BOB'!4:4`.
 * Columns are 0-based indexes everywhere in the code (A = 0); rows are 1-based as in the file.
 */

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
