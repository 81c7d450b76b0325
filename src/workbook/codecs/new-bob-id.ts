/**
 * The New BOB id column of the CRM to BOB sheet: written prefilled with the code the engine
 * proposes, read back as the code the bookkeeper kept or typed, trimmed and upper-cased (BOB codes
 * are upper case). A proposed `0123` that Excel turned into the number 123 is read as `0123`.
 */
import { DEFAULT_BOB_ID_PATTERN } from '../../config/defaults.js';
import { isLostLeadingZero } from '../cell-value.js';

/** The code in a New BOB id cell's text; `proposed` is the registered proposal's code. */
export function parseNewBobId(text: string, proposed = ''): string {
  const id = text.trim().toUpperCase();
  const wanted = proposed.toUpperCase();
  return id !== wanted && isLostLeadingZero(id, wanted) ? wanted : id;
}

/** What a valid code looks like, for a message: in words for the default pattern, else the pattern. */
export function bobIdRule(pattern: RegExp): string {
  return pattern.source === DEFAULT_BOB_ID_PATTERN ? 'use 1 to 10 capital letters, digits, _ or -' : `it must match ${pattern.source}`;
}
