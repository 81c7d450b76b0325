/**
 * The Condition column of the Personal fields sheet, written and read back: an operator from a
 * dropdown (`=`, `≠`, `contains`, …); read back also in Dutch and French words and the usual ASCII
 * spellings (`!=`, `<>`, `==`).
 */
import { CONDITION_OPERATORS, type ConditionOperator } from '../../engine/model.js';
import type { CellValue } from '../cell-text.js';
import { restore } from '../neutralise.js';

/** Accepted spellings of the condition operators, including the Dutch and French words. */
export const CONDITION_ALIASES: Readonly<Record<string, ConditionOperator>> = {
  '=': '=',
  '==': '=',
  '≠': '≠',
  '!=': '≠',
  '<>': '≠',
  '<': '<',
  '>': '>',
  contains: 'contains',
  bevat: 'contains',
  contient: 'contains',
  'starts with': 'starts with',
  'begint met': 'starts with',
  'commence par': 'starts with',
  empty: 'empty',
  leeg: 'empty',
  vide: 'empty',
  'not empty': 'not empty',
  'niet leeg': 'not empty',
  'non vide': 'not empty',
};

/** Operators that compare with a Value (all but `empty` and `not empty`). */
export const OPERATORS_WITH_VALUE = CONDITION_OPERATORS.filter((op) => op !== 'empty' && op !== 'not empty');

/** What the Condition dropdown offers. */
export function conditionChoices(): readonly string[] {
  return CONDITION_OPERATORS;
}

/**
 * A condition as written. In xlsx an operator is written as it is (a string cell is never a
 * formula), so a prefilled `=` matches the dropdown; `restore` leaves it unchanged on import. CSV
 * has no cell types: there it goes through `cell` (neutralised) like any text.
 */
export function renderCondition(condition: string, format: 'xlsx' | 'csv', cell: (raw: string) => CellValue): CellValue {
  if (condition === '') return null;
  return format === 'xlsx' && (CONDITION_OPERATORS as readonly string[]).includes(condition) ? condition : cell(condition);
}

/** The canonical operator of a Condition cell's text, `''` when blank, or the text itself when unknown. */
export function parseCondition(text: string): ConditionOperator | '' | string {
  const word = restore(text.trim()).replace(/\s+/g, ' ').toLowerCase();
  if (word === '') return '';
  return CONDITION_ALIASES[word] ?? text.trim();
}
