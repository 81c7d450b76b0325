/**
 * Comparison keys: two values whose keys are equal differ only in form (case, spacing, a postcode's
 * country prefix, phone punctuation, a website's scheme) and are not a change. Keys are for comparing
 * only; what is shown and written stays the source's value (the bare postcode excepted).
 */

import { countryCode } from './countries.js';

// Fast paths, for values that the full treatment would leave as they are: these functions run
// for every field of 200k+ records, and Unicode normalisation and /u expressions cost far more.
/** Printable ASCII and Latin-1 words (all NFC, none whitespace) separated by single spaces. */
const PLAIN_WORDS = /^[\x21-\x7E\xA1-\xFF]+(?: [\x21-\x7E\xA1-\xFF]+)*$/;
/** ASCII only: NFD leaves it as it is, and it holds no mark nor letter to fold. */
const ASCII = /^[\x00-\x7F]*$/;

/** Trimmed, inner whitespace collapsed to one space (Unicode NFC). */
function tidy(value: string): string {
  return PLAIN_WORDS.test(value) ? value : value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Trimmed, inner whitespace collapsed to one space, lower case (Unicode NFC). */
export function normaliseText(value: string): string {
  return tidy(value).toLowerCase();
}

/** Removes accents and folds the few letters NFD does not decompose (ß, æ, œ, ø, ł, đ). */
export function foldAccents(value: string): string {
  if (ASCII.test(value)) return value;
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđıÆŒØŁĐ]/g, (c) => FOLDS[c] ?? c);
}

const FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', Æ: 'AE', Œ: 'OE', Ø: 'O', Ł: 'L', Đ: 'D',
};

/**
 * Country prefixes written before postcodes: ISO codes and the one-letter car codes (`B-1050`,
 * `L-1150`, `D-52062`). A prefix is only removed when at least three digits follow it, so British
 * postcodes such as `B1 1AA` or `NE1 4ST` keep their letters.
 */
const POSTCODE_PREFIXES = new Set([
  'A', 'B', 'D', 'E', 'F', 'I', 'L', 'P', 'S', 'H', 'N', 'CH', 'FL', 'IRL', 'GB', 'UK', 'SLO', 'EST', 'RUS',
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'GR', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT',
  'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'NO', 'IS', 'LI', 'MC', 'US', 'CA',
]);

/** The postcode without a country prefix (`BE1050`, `BE-1050`, `B-1050` → `1050`), upper case, for display and writing. */
export function barePostcode(raw: string): string {
  const s = tidy(raw).toUpperCase();
  const m = /^([A-Z]{1,3}) ?-? ?(\d{3}.*)$/.exec(s);
  return m !== null && POSTCODE_PREFIXES.has(m[1]!) ? m[2]! : s;
}

/** Comparison key of a postcode: bare, without spaces or dashes (`1234 AB` = `1234AB`). */
export function postcodeKey(raw: string): string {
  return barePostcode(raw).replace(/[\s-]/g, '');
}

const LANGUAGES: Record<string, string> = {
  N: 'nl', NL: 'nl', NED: 'nl', DUTCH: 'nl', NEDERLANDS: 'nl', VLAAMS: 'nl',
  F: 'fr', FR: 'fr', FRA: 'fr', FRENCH: 'fr', FRANCAIS: 'fr', FRANS: 'fr',
  E: 'en', EN: 'en', ENG: 'en', ENGLISH: 'en', ENGELS: 'en', ANGLAIS: 'en',
  D: 'de', DE: 'de', DEU: 'de', GER: 'de', GERMAN: 'de', DEUTSCH: 'de', DUITS: 'de', ALLEMAND: 'de',
};

/** BOB's one-letter languages (N/F/E/D) and CRM codes or names (`nl`, `nl-BE`, `Dutch`) as `nl`/`fr`/`en`/`de`; other values lower-cased. */
export function normaliseLanguage(raw: string): string {
  const s = foldAccents(raw).trim().toUpperCase();
  const head = s.split(/[-_]/)[0] ?? '';
  return LANGUAGES[s] ?? LANGUAGES[head] ?? s.toLowerCase();
}

/**
 * Comparison key of a phone number: digits only, `+` as `00`, and Belgian numbers in national form
 * (`+32 2 758 25 69`, `0032 2 7582569`, `02/758.25.69` → `027582569`). A `(0)` after the country
 * code is the trunk prefix and is dropped.
 */
export function normalisePhone(raw: string): string {
  const s = raw.trim().replace(/\(0\)/g, '');
  let digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) digits = `00${digits}`;
  if (digits.startsWith('0032')) digits = `0${digits.slice(4).replace(/^0/, '')}`;
  return digits;
}

/** Comparison key of a website: no scheme, no `www.`, no trailing slash, lower case. */
export function normaliseWebsite(raw: string): string {
  return normaliseText(raw)
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');
}

/** Comparison key of an e-mail address: trimmed, lower case, without `mailto:`. */
export function normaliseEmail(raw: string): string {
  return normaliseText(raw).replace(/^mailto:/, '');
}

const COUNTRIES: Record<string, string> = {
  B: 'BE', BELGIE: 'BE', BELGIQUE: 'BE', BELGIUM: 'BE', BELGIEN: 'BE',
  NL: 'NL', NEDERLAND: 'NL', NETHERLANDS: 'NL', 'THE NETHERLANDS': 'NL', 'PAYS-BAS': 'NL', 'PAYS BAS': 'NL', NIEDERLANDE: 'NL', HOLLAND: 'NL',
  F: 'FR', FRANCE: 'FR', FRANKRIJK: 'FR', FRANKREICH: 'FR',
  D: 'DE', DUITSLAND: 'DE', ALLEMAGNE: 'DE', GERMANY: 'DE', DEUTSCHLAND: 'DE',
  L: 'LU', LUXEMBOURG: 'LU', LUXEMBURG: 'LU',
};

/** Comparison key of a country: its ISO code (names in nl, fr, en and de, see countries.ts), else the name folded and upper-cased. */
export function normaliseCountry(raw: string): string {
  let key = countryKeys.get(raw);
  if (key === undefined) {
    const s = foldAccents(raw).replace(/\s+/gu, ' ').trim().toUpperCase();
    key = COUNTRIES[s] ?? countryCode(s) ?? s;
    // A handful of spellings in practice; the bound only guards against a column of free text.
    if (countryKeys.size < 10_000) countryKeys.set(raw, key);
  }
  return key;
}

const countryKeys = new Map<string, string>();

/**
 * Legal forms dropped from names before comparing them or deriving a BOB code (after dots are
 * removed, so `N.V.` is `NV` and `Comm.V` is `COMMV`). Belgian forms in nl/fr/de first, then common
 * foreign ones.
 */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'NV', 'BV', 'BVBA', 'EBVBA', 'CV', 'CVBA', 'CVOA', 'VZW', 'IVZW', 'VOF', 'COMMV', 'COMMVA', 'GCV', 'ESV',
  'SA', 'SRL', 'SPRL', 'SPRLU', 'SC', 'SCRL', 'SCRI', 'SCS', 'SCA', 'SNC', 'ASBL', 'AISBL', 'SCOMM',
  'AG', 'GMBH', 'KG', 'OHG', 'SE', 'SAS', 'SARL', 'EURL', 'LTD', 'LLC', 'INC', 'PLC',
]);

/**
 * The words of a name, for comparing names and deriving codes: accents removed, upper case, dots
 * removed, split on anything else that is not a letter or digit, legal forms dropped (unless the
 * name is nothing but legal forms).
 */
export function nameTokens(name: string): string[] {
  const s = foldAccents(name)
    .toUpperCase()
    .replace(/\./g, '')
    .replace(/\bCOMM\s+(VA?)\b/g, 'COMM$1');
  const tokens = s.split(/[^A-Z0-9]+/).filter((t) => t !== '');
  const kept = tokens.filter((t) => !LEGAL_FORMS.has(t));
  return kept.length > 0 ? kept : tokens;
}

/**
 * How alike two names are, from 0 to 1: 1 when their words, joined without spaces, are equal
 * (`Van den Berg NV` = `VANDENBERG`), else the Jaccard index of their word sets (shared words over all
 * words: `Peeters Jan` = `Jan Peeters` is 1, `Acme Trading` vs `Acme` is 0.5).
 */
export function nameSimilarity(a: string, b: string): number {
  return tokenSimilarity(nameTokens(a), nameTokens(b));
}

/** `nameSimilarity` on already computed `nameTokens`. */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join('') === b.join('')) return 1;
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const t of setA) if (setB.has(t)) shared++;
  return shared / (setA.size + setB.size - shared);
}
