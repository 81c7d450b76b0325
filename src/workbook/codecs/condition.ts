/**
 * The Condition column of the Personal fields sheet, written and read back: an operator from a
 * dropdown in the workbook's language (`=`, `≠`, `bevat`, `commence par`, …); read back in any of
 * the three languages and in the usual ASCII spellings (`!=`, `<>`, `==`).
 */
import { CONDITION_OPERATORS, type ConditionOperator } from '../../engine/model.js';
import type { Lang } from '../../config/types.js';
import { textsFor } from '../../../templates/texts.js';
import type { CellValue } from '../cell-text.js';

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

/** What the Condition dropdown offers: the operators in the workbook's language. */
export function conditionChoices(lang: Lang): string[] {
  const words = textsFor(lang).conditionOperators;
  return CONDITION_OPERATORS.map((operator) => words[operator]);
}

/** A condition as written: the operator in the workbook's language (read back in any language). */
export function renderCondition(condition: ConditionOperator | '', lang: Lang): CellValue {
  return condition === '' ? null : textsFor(lang).conditionOperators[condition];
}

/** The canonical operator of a Condition cell's text, `''` when blank, or the text itself when unknown. */
export function parseCondition(text: string): ConditionOperator | '' | string {
  const word = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (word === '') return '';
  return CONDITION_ALIASES[word] ?? text.trim();
}
