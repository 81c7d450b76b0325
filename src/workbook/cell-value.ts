/**
 * Cell values as read back from Excel, LibreOffice or a CSV file, reduced to a few plain shapes so
 * that validation never sees exceljs' polymorphic values (reference §3.10): rich text, hyperlinks,
 * formulas (with or without a cached result), shared formulas, errors, booleans, numbers, dates.
 */

/** An error value shown in a cell (`#N/A`, `#REF!`…); `''` when the file did not say which. */
export interface ErrorCell {
  error: string;
}

/** A formula with its cached result (null when the file holds none, e.g. never recalculated). */
export interface FormulaCell {
  formula: string;
  result: string | number | boolean | ErrorCell | null;
}

/**
 * A normalised cell: blank is null; rich text and hyperlinks are their text; dates are ISO text.
 * Formulas and errors stay objects so that validation can report them.
 */
export type RawCell = string | number | boolean | null | FormulaCell | ErrorCell;

export interface CellInfo {
  /** What the cell shows: formula → its result, number → decimal text without exponent, boolean → TRUE/FALSE. */
  text: string;
  /** Type of the value shown (a formula's result). */
  type: 'blank' | 'string' | 'number' | 'boolean' | 'error';
  /** The formula text (possibly `''` for a shared formula) when the cell holds a formula, else null. */
  formula: string | null;
  /** The error shown (`#N/A`, or `''` when unknown), else null. */
  error: string | null;
  /** The number when `type` is `number`. */
  number: number | null;
  /** The boolean when `type` is `boolean`. */
  boolean: boolean | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reduces any exceljs cell value (or an already normalised one) to a RawCell. */
export function normaliseCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isNaN(value) ? { error: '' } : value;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateText(value);
  if (!isObject(value)) return null;
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = typeof value.formula === 'string' ? value.formula : typeof value.sharedFormula === 'string' ? value.sharedFormula : '';
    const result = normaliseCell(value.result);
    return { formula, result: isObject(result) && 'formula' in result ? null : (result as FormulaCell['result']) };
  }
  if ('error' in value) return { error: typeof value.error === 'string' ? value.error : '' };
  if (Array.isArray(value.richText)) return richTextOf(value.richText) || null;
  // A hyperlink's text may itself be rich text.
  if ('text' in value) return normaliseCell(value.text);
  return null;
}

function richTextOf(runs: unknown[]): string {
  let text = '';
  for (const run of runs) if (isObject(run) && typeof run.text === 'string') text += run.text;
  return text;
}

/**
 * A copy of `text` that does not keep its source alive. XML and CSV parsers cut cell texts out of
 * large chunks as V8 sliced strings, and a kept slice keeps its whole chunk: 100k rows would hold
 * the sheet's entire uncompressed XML in memory (measured: +300 MB). Prepending a character forces
 * a flat copy; short strings are always copies already.
 */
export function detachText(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Describes a cell for validation; accepts raw exceljs values as well as RawCells. */
export function describeCell(value: unknown): CellInfo {
  const cell = normaliseCell(value);
  if (cell === null) return info('', 'blank', null, null, null, null);
  if (typeof cell === 'string') return info(cell, 'string', null, null, null, null);
  if (typeof cell === 'number') return info(numberText(cell), 'number', null, null, cell, null);
  if (typeof cell === 'boolean') return info(cell ? 'TRUE' : 'FALSE', 'boolean', null, null, null, cell);
  if ('formula' in cell) {
    const result = describeCell(cell.result);
    return info(result.text, result.type, cell.formula, result.error, result.number, result.boolean);
  }
  return info(cell.error, 'error', null, cell.error, null, null);
}

// A plain literal: spreading a shared base object was measured at ~10 µs a call (V8), 20 s for 2M cells.
function info(
  text: string,
  type: CellInfo['type'],
  formula: string | null,
  error: string | null,
  number: number | null,
  boolean: boolean | null,
): CellInfo {
  return { text, type, formula, error, number, boolean };
}

/** The text a cell shows: rich text joined, formulas by their result, numbers without exponent, blank as `''`. */
export function shownText(value: unknown): string {
  return describeCell(value).text;
}

/**
 * A number as Excel shows it in a General cell: at most 15 significant digits (Excel keeps no
 * more), integers without `.0`, never an exponent (`1e21` → `1000000000000000000000`).
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return expandExponent(String(Number(n.toPrecision(15))));
}

/** `1.5e-7` → `0.00000015`, `1.2e+21` → `1200000000000000000000`; other text unchanged. */
function expandExponent(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, fraction = '', exp] = m;
  const digits = lead! + fraction;
  const point = 1 + Number(exp); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A date as ISO text: `2024-03-01` at midnight UTC (exceljs reads dates as UTC), else full time. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.replace('.000Z', 'Z');
}

/** True when the cell shows nothing (blank, empty text, or only spaces). */
export function isBlankCell(value: unknown): boolean {
  const info = describeCell(value);
  return info.text.trim() === '' && info.formula === null && info.error === null;
}

/**
 * True when `actual` is `expected` with its leading zeros lost (Excel turned the code `0123`
 * into the number 123). Decided against the registered value, never guessed.
 */
export function isLostLeadingZero(actual: string, expected: string): boolean {
  return /^0\d*$/.test(expected) && expected.length > 1 && /^\d+$/.test(actual) && actual === (expected.replace(/^0+/, '') || '0');
}

/**
 * True when `actual` is what Excel shows of the number `expected` in scientific notation (the code
 * `1E5` or `100000000000` saved from a CSV as `1.00E+05`, `1E+11`): the same number to the digits shown.
 */
export function isScientificRendering(actual: string, expected: string): boolean {
  const m = /^(-?\d)(?:[.,](\d+))?E([+-]?\d+)$/i.exec(actual.trim());
  if (m === null || !/^-?\d+(?:[.,]\d+)?(?:E[+-]?\d+)?$/i.test(expected.trim())) return false;
  const shown = Number(`${m[1]}.${m[2] ?? '0'}e${m[3]}`);
  const digits = 1 + (m[2]?.length ?? 0);
  const wanted = Number(expected.trim().replace(',', '.'));
  return Number.isFinite(wanted) && Number(wanted.toPrecision(digits)) === shown;
}

/** `text` as Windows-1252 keeps it: every character it has no code for becomes `?`. */
export function asWindows1252(text: string): string {
  let out = '';
  for (const ch of text) out += ch.length === 1 && (ch.charCodeAt(0) < 0x80 || WINDOWS_1252.has(ch)) ? ch : '?';
  return out;
}

// Windows-1252: Latin-1 above 0x9F, and the 27 characters it puts in 0x80–0x9F.
const WINDOWS_1252 = new Set([
  ...Array.from({ length: 0x60 }, (_x, i) => String.fromCharCode(0xa0 + i)),
  ...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ',
]);
