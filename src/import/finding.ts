/**
 * Findings: what is wrong in an edited workbook, one per cell (DESIGN §8). They are data, all
 * collected, never thrown; an exception is only for a file that cannot be read at all.
 */
import { cellRef, columnIndex, columnLetter, rowRef } from '../workbook/cell-address.js';

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
  /** Says what is wrong and what to do, in English (the administrator's terminal). */
  message: string;
  /** What the message is made of, for the bookkeeper's language (see finding-catalog.ts). */
  params?: Record<string, string>;
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

/** A value quoted in a finding's message, cut to 60 characters. */
export function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `"${shown}"`;
}

/** Findings in file order: by sheet (as `sheets` lists them), row, column (a whole-row finding first), then as found. */
export function sortFindings(findings: readonly Finding[], sheets: ReadonlyArray<{ name: string }>): Finding[] {
  const order = new Map(sheets.map((sheet, i) => [sheet.name, i]));
  const column = (finding: Finding): number => (finding.column === '' ? -1 : columnIndex(finding.column));
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort(
      (a, b) =>
        (order.get(a.finding.sheet) ?? -1) - (order.get(b.finding.sheet) ?? -1) ||
        a.finding.row - b.finding.row ||
        column(a.finding) - column(b.finding) ||
        a.i - b.i,
    )
    .map(({ finding }) => finding);
}
