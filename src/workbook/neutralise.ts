/**
 * Formula-injection guard for exported text (DESIGN §6; OWASP "CSV injection", ASVS 5.0 V1.2.10).
 *
 * A text that a spreadsheet could take for a formula gets a leading `'`:
 * - it starts with `=`, `+`, `-`, `@` after any leading whitespace (Excel and LibreOffice trim
 *   leading spaces when they parse CSV input, so `  =1+1` is as dangerous as `=1+1`);
 * - or it starts with tab, CR, LF or NUL (characters some importers strip before evaluating).
 *
 * A text that already starts with `'` gets one too, so the mapping is injective and `restore`
 * is its exact inverse: `restore` strips one leading `'` whenever there is one. An apostrophe
 * the user typed in front of a value in Excel is not part of the cell's value, so stripping a
 * leading `'` on import never loses anything the bookkeeper meant.
 */

const NEEDS_GUARD = /^(?:[\t\r\n\0]|\s*[=+\-@]|')/u;

/** Returns `text` with a leading `'` when a spreadsheet could evaluate it (or it starts with `'`). */
export function neutralise(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** Exact inverse of `neutralise`: strips one leading `'`, if any. */
export function restore(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}
