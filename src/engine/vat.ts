/**
 * VAT numbers: every spelling found in BOB and the CRM reduced to one form (`BE0403019261`), Belgian
 * numbers checked (10 digits, first digit 0 or 1, mod 97), other EU numbers checked for their format
 * only. Invalid numbers carry a sentence saying what is wrong, so they can be reported; they are never
 * matched.
 */
import type { BobThirdParty, CrmCompany } from './model.js';
import { normaliseCountry } from './normalise.js';

export type VatResult =
  | { status: 'empty' }
  | { status: 'valid'; /** e.g. `BE0403019261` */ vat: string; country: string; /** without prefix */ number: string }
  | { status: 'invalid'; raw: string; /** A human sentence, English. */ problem: string };

interface CountryFormat {
  pattern: RegExp;
  /** What the number after the prefix looks like, for the problem sentence. */
  expected: string;
}

/** VAT prefixes of the EU member states (VIES), number part only. Greece uses EL, not GR. */
const EU_FORMATS: Record<string, CountryFormat> = {
  AT: { pattern: /^U\d{8}$/, expected: 'U followed by 8 digits' },
  BG: { pattern: /^\d{9,10}$/, expected: '9 or 10 digits' },
  CY: { pattern: /^\d{8}[A-Z]$/, expected: '8 digits and a letter' },
  CZ: { pattern: /^\d{8,10}$/, expected: '8 to 10 digits' },
  DE: { pattern: /^\d{9}$/, expected: '9 digits' },
  DK: { pattern: /^\d{8}$/, expected: '8 digits' },
  EE: { pattern: /^\d{9}$/, expected: '9 digits' },
  EL: { pattern: /^\d{9}$/, expected: '9 digits' },
  ES: { pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/, expected: 'a letter or digit, 7 digits, a letter or digit' },
  FI: { pattern: /^\d{8}$/, expected: '8 digits' },
  FR: { pattern: /^[A-Z0-9]{2}\d{9}$/, expected: '2 letters or digits and 9 digits' },
  HR: { pattern: /^\d{11}$/, expected: '11 digits' },
  HU: { pattern: /^\d{8}$/, expected: '8 digits' },
  // New style 1234567WA / 1234567T, old style 1X23456T (second character a letter, + or *).
  IE: { pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, expected: '7 digits and 1 or 2 letters, or 8 characters of the old style' },
  IT: { pattern: /^\d{11}$/, expected: '11 digits' },
  LT: { pattern: /^(\d{9}|\d{12})$/, expected: '9 or 12 digits' },
  LU: { pattern: /^\d{8}$/, expected: '8 digits' },
  LV: { pattern: /^\d{11}$/, expected: '11 digits' },
  MT: { pattern: /^\d{8}$/, expected: '8 digits' },
  NL: { pattern: /^\d{9}B\d{2}$/, expected: '9 digits, B and 2 digits' },
  PL: { pattern: /^\d{10}$/, expected: '10 digits' },
  PT: { pattern: /^\d{9}$/, expected: '9 digits' },
  RO: { pattern: /^\d{2,10}$/, expected: '2 to 10 digits' },
  SE: { pattern: /^\d{12}$/, expected: '12 digits' },
  SI: { pattern: /^\d{8}$/, expected: '8 digits' },
  SK: { pattern: /^\d{10}$/, expected: '10 digits' },
};

/** The canonical VAT prefix of an EU country code (GR → EL), or undefined when not an EU VAT country. */
function euPrefix(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  const canonical = upper === 'GR' ? 'EL' : upper;
  return canonical === 'BE' || canonical in EU_FORMATS ? canonical : undefined;
}

/**
 * Removes the separators people type inside VAT numbers and a leading `BTW`/`TVA`/`VAT` label (none
 * of them is an EU prefix); `(0)` stands for a leading 0.
 */
function compact(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/\(0\)/g, '0')
    .replace(/[\s.\-/,_]/gu, '')
    .replace(/^(BTW|TVA|VAT)(NR|NO|N°)?:?/, '');
}

/**
 * Normalises a VAT number written in any spelling. Input without a country prefix is Belgian unless
 * `countryHint` is the code of another EU country (a hint that is not an EU code is ignored).
 */
export function normaliseVat(raw: string, countryHint?: string): VatResult {
  const trimmed = raw.trim();
  const s = compact(trimmed);
  if (s === '') return { status: 'empty' };

  const leading = /^[A-Z]{2}/.test(s) ? s.slice(0, 2) : '';
  const prefix = leading === '' ? undefined : euPrefix(leading);
  if (prefix !== undefined) return checkNumber(prefix, s.slice(2), trimmed);

  const hint = countryHint === undefined ? undefined : euPrefix(countryHint);
  if (hint !== undefined && hint !== 'BE') return checkNumber(hint, s, trimmed);
  if (leading !== '') return { status: 'invalid', raw: trimmed, problem: unknownPrefixProblem(leading) };
  return checkNumber('BE', s, trimmed);
}

/**
 * The VAT number of a BOB third party from `CVATREF` (country prefix) and `CVATNO` (number). Either
 * may hold the whole number in some spelling. A prefix that is not an EU country (BOB uses `EX` for
 * third parties outside the EU) gives an invalid result: such a number cannot be checked or matched.
 */
export function bobVat(vatRef: string, vatNo: string, countryHint?: string): VatResult {
  const ref = compact(vatRef.trim());
  const no = vatNo.trim();
  if (no === '') return ref.length <= 2 ? { status: 'empty' } : normaliseVat(vatRef, countryHint);
  if (ref === '') return normaliseVat(no, countryHint);

  const raw = `${ref}${no}`;
  if (ref.length > 2) return normaliseVat(raw, countryHint);
  const refPrefix = euPrefix(ref);
  if (refPrefix === undefined) return { status: 'invalid', raw, problem: unknownPrefixProblem(ref) };

  const compactNo = compact(no);
  const noPrefix = /^[A-Z]{2}/.test(compactNo) ? euPrefix(compactNo.slice(0, 2)) : undefined;
  if (noPrefix === refPrefix) return normaliseVat(no);
  const combined = normaliseVat(refPrefix + compactNo);
  if (noPrefix === undefined || combined.status === 'valid') return relabel(combined, raw);
  // CVATNO starts with another country's prefix: it may be a whole number that wins over CVATREF,
  // or a number (e.g. French) whose first two characters happen to be letters.
  const alone = normaliseVat(no);
  return alone.status === 'valid' ? alone : relabel(combined, raw);
}

function relabel(result: VatResult, raw: string): VatResult {
  return result.status === 'invalid' ? { ...result, raw } : result;
}

function unknownPrefixProblem(prefix: string): string {
  return prefix === 'EX'
    ? 'The VAT prefix EX marks a third party outside the EU: its number cannot be checked or matched.'
    : `${prefix} is not the VAT prefix of an EU country: the number cannot be checked or matched.`;
}

function checkNumber(country: string, number: string, raw: string): VatResult {
  if (number === '') return { status: 'invalid', raw, problem: `The VAT number has the prefix ${country} but no number.` };
  if (country === 'BE') return checkBelgian(number, raw);
  const format = EU_FORMATS[country]!;
  if (!format.pattern.test(number)) {
    return { status: 'invalid', raw, problem: `A ${country} VAT number is ${format.expected} after the prefix; this one is ${number}.` };
  }
  return { status: 'valid', vat: country + number, country, number };
}

function checkBelgian(digits: string, raw: string): VatResult {
  if (!/^\d+$/.test(digits)) return { status: 'invalid', raw, problem: 'A Belgian VAT number holds digits only.' };
  // Numbers from before 2003 had 9 digits; the enterprise number prefixes them with 0.
  const number = digits.length === 9 ? `0${digits}` : digits;
  if (number.length !== 10) {
    return { status: 'invalid', raw, problem: `A Belgian VAT number has 10 digits; this one has ${digits.length}.` };
  }
  if (number[0] !== '0' && number[0] !== '1') {
    return { status: 'invalid', raw, problem: 'A Belgian VAT number starts with 0 or 1.' };
  }
  if (!belgianCheckDigitsOk(number)) {
    return { status: 'invalid', raw, problem: 'The check digits of this Belgian VAT number are wrong (97 − first 8 digits mod 97).' };
  }
  return { status: 'valid', vat: `BE${number}`, country: 'BE', number };
}

/** 97 − (first 8 digits mod 97) equals the last 2; a remainder of 0 gives 97, never 00. */
function belgianCheckDigitsOk(number: string): boolean {
  const base = Number(number.slice(0, 8));
  return base > 0 && 97 - (base % 97) === Number(number.slice(8));
}

/** Writes a Belgian VAT number the way invoices show it (`BE 0403.019.261`); other input is returned unchanged. */
export function formatBelgianVat(raw: string): string {
  const result = normaliseVat(raw);
  if (result.status !== 'valid' || result.country !== 'BE') return raw;
  const n = result.number;
  return `BE ${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`;
}

/** The VAT number of a BOB third party as the engine reads it: `CVATREF` + `CVATNO`, its country as the hint. */
export function partyVat(party: BobThirdParty): VatResult {
  return bobVat(party.vatRef, party.vatNo, normaliseCountry(party.country));
}

/** The VAT number of a CRM company as the engine reads it: its address's country as the hint. */
export function companyVat(company: CrmCompany): VatResult {
  return normaliseVat(company.vat, normaliseCountry(company.address?.country ?? ''));
}
