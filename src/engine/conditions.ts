/**
 * Personal-field conditions (DESIGN §2): `Sector = Retail` limits the run to the customers whose
 * value satisfies it.
 */
import { compareNatural } from './compare-natural.js';
import type { ConditionOperator } from './model.js';
import { normaliseText } from './normalise.js';

/**
 * Whether `actual` satisfies `operator expected`. Text is compared without case and with spaces
 * collapsed; `<` and `>` compare numbers when both sides are numbers (decimal comma accepted), else
 * text in natural order.
 */
export function conditionHolds(operator: ConditionOperator | '', actual: string, expected: string): boolean {
  const a = normaliseText(actual);
  const e = normaliseText(expected);
  switch (operator) {
    case '':
      return true;
    case '=':
      return a === e;
    case '≠':
      return a !== e;
    case 'contains':
      return a.includes(e);
    case 'starts with':
      return a.startsWith(e);
    case 'empty':
      return a === '';
    case 'not empty':
      return a !== '';
    case '<':
    case '>': {
      if (a === '') return false;
      const na = numberOf(a);
      const ne = numberOf(e);
      const order = na !== null && ne !== null ? Math.sign(na - ne) : compareNatural(a, e);
      return operator === '<' ? order < 0 : order > 0;
    }
  }
}

function numberOf(text: string): number | null {
  const s = text.replace(/\s/g, '').replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

/** A condition as set on a personal field. */
export interface Condition {
  column: string;
  condition: ConditionOperator | '';
  value: string;
}

/** Why a customer was left out by a condition, e.g. `XSECTOR is "IT", the condition is = "Retail"`. */
export function conditionText(setting: Condition, actual: string): string {
  const shown = actual === '' ? 'empty' : JSON.stringify(actual);
  const wanted = setting.condition === 'empty' || setting.condition === 'not empty' ? setting.condition : `${setting.condition} ${JSON.stringify(setting.value)}`;
  return `${setting.column} is ${shown}, the condition is ${wanted}`;
}
