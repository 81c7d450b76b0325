/**
 * Proposed codes for CRM companies to create in BOB (`New BOB id`): derived from the name so the
 * bookkeeper recognises them, valid for BOB (`^[A-Z0-9_-]{1,10}$` by default), never one in use.
 */
import { BobsyncError } from '../errors.js';
import { nameTokens } from './normalise.js';

/** Used when nothing of the name is left (a name of punctuation only). */
const FALLBACK = 'NEW';

/**
 * A code derived from `name` (accents removed, legal forms dropped, A–Z and 0–9 only, at most
 * `maxLength` characters) that is not in `taken`; on a collision, digits are appended (`ACME2`,
 * `ACME3`, …) and the name shortened to make room. The caller adds the result to `taken`.
 * `nextSuffix`, kept by the caller across calls while `taken` only grows, remembers where counting
 * stopped for each stem so that many similar names do not count from 2 again each time.
 */
export function deriveBobId(name: string, taken: ReadonlySet<string>, maxLength = 10, nextSuffix?: Map<string, number>): string {
  const base = (nameTokens(name).join('') || FALLBACK).slice(0, maxLength);
  if (!taken.has(base)) return base;
  // Counting is remembered per stem (the name cut to leave room for the digits), not per name:
  // names that differ only beyond the stem compete for the same codes (`RESTAURAN2`, …).
  for (let n = 2; ; ) {
    const suffix = String(n);
    if (suffix.length >= maxLength) break;
    const stem = base.slice(0, maxLength - suffix.length);
    const key = `${stem}|${suffix.length}`;
    const resume = nextSuffix?.get(key);
    if (resume !== undefined && resume > n) {
      n = resume;
      continue;
    }
    const candidate = stem + suffix;
    // Taken or about to be: `taken` only grows, so counting for this stem goes on from n + 1 (also
    // when every code of this length is taken: the next name must not walk that range again).
    nextSuffix?.set(key, n + 1);
    if (!taken.has(candidate)) return candidate;
    n += 1;
  }
  throw new BobsyncError('internal', `No free BOB code of at most ${maxLength} characters is left for "${name}".`, {
    hint: 'Type a New BOB id for this row in the workbook.',
  });
}
