/**
 * What a CHAR/VARCHAR column of BOB can hold: code page 1252 under the Latin1 collations (BOB's own
 * tables are ANSI, `CharType=ADS_ANSI`), only ASCII for a code page the engine does not know. A
 * character the column lacks is replaced deliberately, and shown, rather than left to the server,
 * which would store `?` without a word.
 */
import type { BobColumn } from './model.js';
import { foldAccents } from './normalise.js';

/** CP1252's characters in 0x80–0x9F (the rest of 1252 is Latin-1, U+0000–U+007F and U+00A0–U+00FF). */
const CP1252_HIGH = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function inCp1252(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && (code < 0x80 || (code >= 0xa0 && code <= 0xff) || CP1252_HIGH.has(char));
}

function holds(charset: BobColumn['charset'], char: string): boolean {
  if (charset === 'ascii') return char.length === 1 && char.charCodeAt(0) < 0x80;
  if (charset === 'cp1252') return inCp1252(char);
  return true;
}

/** Punctuation outside 1252 that has an ASCII twin. */
const PUNCTUATION: Record<string, string> = { '‐': '-', '‑': '-', '‒': '-', '―': '-', '−': '-', '\u00a0': ' ', '\u202f': ' ', '′': "'", '″': '"' };

/**
 * `text` with every character the column cannot hold replaced: a letter by its unaccented form
 * (ł → l, ř → r, ő → o; for an ASCII column also é → e), known punctuation by its ASCII twin,
 * anything else (an emoji, a CJK character) by `?`. Unchanged for a Unicode or non-text column.
 */
export function fitCharacters(text: string, charset: BobColumn['charset']): string {
  if (charset === null || charset === 'unicode') return text;
  let out = '';
  for (const char of text) {
    if (holds(charset, char)) {
      out += char;
      continue;
    }
    const twin = PUNCTUATION[char] ?? foldAccents(char);
    out += [...twin].every((c) => holds(charset, c)) && twin !== '' ? twin : '?';
  }
  return out;
}
