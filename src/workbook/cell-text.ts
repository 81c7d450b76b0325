/**
 * The value a written cell holds (DESIGN §6): sanitised text, a number, or blank. Both formats
 * write these same values, and a row's read-only cell hash is their hash; the formula guard is the
 * CSV format's own (`write-csv.ts` neutralises, `read-csv.ts` restores): in xlsx a text cell is
 * never a formula, so it is written as it is, without a visible apostrophe.
 */

/** A cell as written: sanitised text, a number, or null for blank. */
export type CellValue = string | number | null;

/** Excel holds at most 32,767 characters in a cell; stay clearly below it. */
export const MAX_CELL_LENGTH = 32_000;

// XML 1.0 cannot carry these; exceljs silently drops them, so drop them first and hash what remains.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
// A lone surrogate cannot be encoded in UTF-8 (it would become U+FFFD in the file).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text cell for `raw`: well-formed UTF-16, line breaks as LF (XML readers turn CR into LF), no
 * XML-invalid characters, at most MAX_CELL_LENGTH characters (cut with `truncated`). Empty text is
 * a blank cell (null).
 */
export function textCell(raw: string, truncated = '…'): CellValue {
  let text = raw.replace(/\r\n?/g, '\n').replace(XML_INVALID, '');
  if (text.length > MAX_CELL_LENGTH) text = text.slice(0, MAX_CELL_LENGTH - truncated.length) + truncated;
  text = text.replace(LONE_SURROGATE, '\uFFFD');
  return text === '' ? null : text;
}

/**
 * A cell of one row that differs from its column: a decision cell that cannot take a value on this
 * row (`locked`), one that offers its own list (`choices`), or a cell coloured for what it says
 * (`tone`: a row that needs the bookkeeper, a failed or a skipped row of a result).
 */
export interface CellRule {
  /** 0-based column index. */
  column: number;
  locked?: true;
  choices?: readonly string[];
  tone?: CellTone;
}

export type CellTone = 'attention' | 'failed' | 'skipped';
