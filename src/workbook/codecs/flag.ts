/**
 * Flag cells (No sync, Not this time, Sel) and the Summary's confirmation, written and read back.
 *
 * Written: the workbook language's one "yes" (blank for no), with a dropdown of that one word; the
 * confirmation is Yes or No with both in its dropdown. Read: any language's yes or no in any case,
 * `x`, `1`, `true`, and booleans (a re-save may turn a cell into TRUE); anything else comes back as
 * the text typed, for validation to report. Blank is no.
 */
import { NO, YES } from '../../../templates/columns.js';
import type { Lang } from '../../config/types.js';
import type { CellValue } from '../cell-text.js';
import type { CellInfo } from '../cell-value.js';

const YES_WORDS = new Set(['yes', 'ja', 'oui', 'x', '1', 'true', 'waar', 'vrai']);
const NO_WORDS = new Set(['no', 'nee', 'neen', 'non', '0', 'false', 'onwaar', 'faux']);

/** A flag as written: the language's yes, or blank. */
export function renderFlag(flag: boolean, lang: Lang): CellValue {
  return flag ? YES[lang] : null;
}

/** What a flag column's dropdown offers. */
export function flagChoices(lang: Lang): string[] {
  return [YES[lang]];
}

/** The confirmation as written: Yes or No in the language. */
export function renderConfirmation(confirmed: boolean, lang: Lang): string {
  return confirmed ? YES[lang] : NO[lang];
}

/** What the confirmation's dropdown offers. */
export function confirmationChoices(lang: Lang): string[] {
  return [YES[lang], NO[lang]];
}

/**
 * A flag cell read back: true for the yes words and TRUE, false for blank and the no words (any
 * case); anything else is returned as the trimmed text so that validation reports it.
 */
export function parseFlag(info: CellInfo): boolean | string {
  if (info.type === 'boolean') return info.boolean!;
  const word = info.text.trim().toLowerCase();
  if (word === '' || NO_WORDS.has(word)) return false;
  if (YES_WORDS.has(word)) return true;
  return info.text.trim();
}
