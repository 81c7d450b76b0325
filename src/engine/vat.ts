/**
 * VAT numbers: every spelling found in BOB and the CRM reduced to one form (`BE0403019261`), and
 * checked with the rule of its member state: length, characters and check digits, for the 27 states
 * (Greece as `EL`) and Northern Ireland (`XI`). Invalid numbers carry a reason code and a sentence
 * saying what is wrong, so they can be reported; they are never matched.
 *
 * The rules are our own code, one small function per state (DESIGN-NOTES, "EU VAT numbers", says why
 * no library is used). Each names its source. The reference implementation is python-stdnum
 * (`stdnum/<cc>/vat.py` and the modules it calls, https://github.com/arthurdejong/python-stdnum),
 * which follows the administrations' published rules and the check-digit algorithms behind the
 * Commission's VIES. Where sources disagree on a rule beyond the check digits, the more lenient one is
 * kept (IT office codes, RO county codes, LV codes from 2017, the SK third digit): a real number must
 * never be called invalid.
 */
import type { BobThirdParty, CrmCompany, VatReason } from './model.js';
import { normaliseCountry } from './normalise.js';

export type { VatReason } from './model.js';

export type VatResult =
  | { status: 'empty' }
  | { status: 'valid'; /** e.g. `BE0403019261` */ vat: string; country: string; /** without prefix */ number: string }
  | {
      status: 'invalid';
      raw: string;
      /** What is wrong, as a code the workbook translates. */
      reason: VatReason;
      /** A human sentence, English. */
      problem: string;
    };

/**
 * What a state's check says of a number of the right length and characters: it passes, its check
 * digits are wrong, or it breaks another rule of the format (the sentence says which).
 */
type Verdict = 'ok' | 'checksum' | { format: string };

interface StateRule {
  /** Lengths of the number after the prefix, once `canonical` has run; another length is `length`. */
  lengths: readonly number[];
  /** The characters, position by position; a mismatch at a right length is `format`. */
  pattern: RegExp;
  /** What the number after the prefix looks like, for the problem sentence. */
  expected: string;
  /** The check digits, for the problem sentence. */
  checkDigits: string;
  check: (number: string) => Verdict;
  /** The usual shortened spelling expanded (leading zeros people leave out). */
  canonical?: (number: string) => string;
}

// ---------------------------------------------------------------------------------------------
// Shared check-digit schemes
// ---------------------------------------------------------------------------------------------

/** Σ digit × weight over the first `weights.length` digits (or fewer, when the text is shorter). */
function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length && i < digits.length; i++) sum += Number(digits[i]) * weights[i]!;
  return sum;
}

/** Remainder that is never negative (Python's `%`, which the reference rules are written in). */
function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** Luhn (ISO/IEC 7812-1 annex B) checksum: 0 for a valid number, check digit included. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return sum % 10;
}

/** ISO 7064 MOD 11,10 (hybrid system) over the whole number, check digit included. */
function mod11x10Valid(digits: string): boolean {
  let check = 5;
  for (const ch of digits) check = ((((check || 10) * 2) % 11) + Number(ch)) % 10;
  return check === 1;
}

/** ISO 7064 MOD 97-10 over digits and letters (A = 10 … Z = 35): valid when the remainder is 1. */
function mod97x10Valid(text: string): boolean {
  let rest = 0;
  for (const ch of text) {
    const value = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch);
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date; `year` undefined allows 29 February (the century is not known). */
function isDate(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  return month !== 2 || day < 29 || leap;
}

const verdict = (ok: boolean): Verdict => (ok ? 'ok' : 'checksum');

// ---------------------------------------------------------------------------------------------
// The member states and Northern Ireland
// ---------------------------------------------------------------------------------------------

/**
 * AT, UID-Nummer: `U` + 7 digits + check digit. Digits 2, 4, 6 are doubled (their digit sums taken),
 * all seven added to S; check = 10 − ((S + 4) mod 10), 10 → 0, i.e. (6 − S) mod 10.
 * Source: BMF (UID-Nummer check digit); python-stdnum `at/uid.py`.
 */
function austria(n: string): Verdict {
  return verdict(mod(6 - luhnSum(n.slice(1, 8)), 10) === Number(n[8]));
}

/**
 * BE, enterprise number: 10 digits starting with 0 or 1 (the 1-series since 2023); the last two are
 * 97 − (first 8 mod 97), so 97, never 00. Source: Royal Decree of 23/06/2003 (KBO/BCE); python-stdnum
 * `be/vat.py`.
 */
function belgium(n: string): Verdict {
  if (n[0] !== '0' && n[0] !== '1') return { format: 'A Belgian VAT number starts with 0 or 1.' };
  const base = Number(n.slice(0, 8));
  return verdict(base > 0 && 97 - (base % 97) === Number(n.slice(8)));
}

/**
 * BG, ДДС номер: 9 digits (legal entities): check = Σ dᵢ × (1…8) mod 11, and when that is 10,
 * Σ dᵢ × (3…10) mod 11; then mod 10. 10 digits: an ЕГН (personal number: weights 2 4 8 5 10 9 7 3 6,
 * mod 11 mod 10, digits 1–6 a birth date with 20/40 added to the month for the 1800s/2000s), an ЛНЧ
 * (foreigner: weights 21 19 17 13 11 9 7 3 1, mod 10), or another number (weights 4 3 2 7 6 5 4 3 2,
 * (11 − Σ) mod 11 mod 10). Source: python-stdnum `bg/vat.py`, `bg/egn.py`, `bg/pnf.py`.
 */
function bulgaria(n: string): Verdict {
  const check = Number(n[n.length - 1]);
  if (n.length === 9) {
    let sum = weightedSum(n, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    if (sum === 10) sum = weightedSum(n, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    return verdict(sum % 10 === check);
  }
  let month = Number(n.slice(2, 4));
  let year = 1900 + Number(n.slice(0, 2));
  if (month > 40) [year, month] = [year + 100, month - 40];
  else if (month > 20) [year, month] = [year - 100, month - 20];
  const egn = isDate(year, month, Number(n.slice(4, 6))) && (weightedSum(n, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === check;
  const pnf = weightedSum(n, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === check;
  const other = mod(11 - weightedSum(n, [4, 3, 2, 7, 6, 5, 4, 3, 2]), 11) % 10 === check;
  return verdict(egn || pnf || other);
}

/**
 * CY, ΦΠΑ: 8 digits + check letter, never starting with 12. Digits at odd positions (1st, 3rd, …) are
 * recoded 0→1 1→0 2→5 3→7 4→9 5→13 6→15 7→17 8→19 9→21, the others taken as they are; the letter is
 * A + (Σ mod 26). Source: python-stdnum `cy/vat.py`.
 */
function cyprus(n: string): Verdict {
  if (n.startsWith('12')) return { format: 'A CY VAT number never starts with 12.' };
  const recode = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += i % 2 === 0 ? recode[Number(n[i])]! : Number(n[i]);
  return verdict(String.fromCharCode(65 + (sum % 26)) === n[8]);
}

/**
 * CZ, DIČ: 8 digits (legal entities, not starting with 9): c = (11 − Σ dᵢ × (8…2)) mod 11, check =
 * (c or 1) mod 10. 9 digits starting with 6 (special cases): c = Σ d₂…d₈ × (8…2) mod 11, check =
 * (8 − (10 − c) mod 11) mod 10. Other 9 or 10 digits: a birth number (rodné číslo): YYMMDD with 50
 * (women) and/or 20 added to the month, 9 digits (no check digit) only until 1953; of 10 digits, the
 * first 9 mod 11 is the last (a remainder of 10 gives 0). Source: python-stdnum `cz/dic.py`, `cz/rc.py`;
 * Act 133/2000 Coll. on the birth number.
 */
function czechia(n: string): Verdict {
  const check = Number(n[n.length - 1]);
  if (n.length === 8) {
    if (n[0] === '9') return { format: 'An 8-digit CZ VAT number never starts with 9.' };
    const c = mod(11 - weightedSum(n, [8, 7, 6, 5, 4, 3, 2]), 11);
    return verdict((c || 1) % 10 === check);
  }
  if (n.length === 9 && n[0] === '6') {
    const c = weightedSum(n.slice(1), [8, 7, 6, 5, 4, 3, 2]) % 11;
    return verdict(mod(8 - mod(10 - c, 11), 10) === check);
  }
  return birthNumber(n);
}

/** A Czech or Slovak birth number (rodné číslo) of 9 or 10 digits; see `czechia`. */
function birthNumber(n: string): Verdict {
  let year = 1900 + Number(n.slice(0, 2));
  const month = (Number(n.slice(2, 4)) % 50) % 20;
  if (n.length === 9) {
    if (year >= 1980) year -= 100;
    if (year > 1953) return { format: 'A 9-digit birth number is from before 1954.' };
  } else if (year < 1954) year += 100;
  if (!isDate(year, month, Number(n.slice(4, 6)))) return { format: 'A birth number starts with a birth date (YYMMDD).' };
  if (n.length === 9) return 'ok'; // 9-digit birth numbers have no check digit
  return verdict((Number(n.slice(0, 9)) % 11) % 10 === Number(n[9]));
}

/**
 * DE, USt-IdNr.: 9 digits, not starting with 0, the last the ISO 7064 MOD 11,10 check digit.
 * Source: Bundeszentralamt für Steuern; python-stdnum `de/vat.py`.
 */
function germany(n: string): Verdict {
  if (n[0] === '0') return { format: 'A DE VAT number never starts with 0.' };
  return verdict(mod11x10Valid(n));
}

/**
 * DK, CVR/SE-nummer: 8 digits, not starting with 0, Σ dᵢ × (2 7 6 5 4 3 2 1) ≡ 0 (mod 11).
 * CVR numbers are issued from 10000000. Source: Erhvervsstyrelsen (CVR); python-stdnum `dk/cvr.py`.
 */
function denmark(n: string): Verdict {
  if (n[0] === '0') return { format: 'A DK VAT number never starts with 0.' };
  return verdict(weightedSum(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0);
}

/** EE, KMKR: 9 digits, Σ dᵢ × (3 7 1 3 7 1 3 7 1) ≡ 0 (mod 10). Source: python-stdnum `ee/kmkr.py`. */
function estonia(n: string): Verdict {
  return verdict(weightedSum(n, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0);
}

/**
 * EL, ΑΦΜ: 9 digits (old 8-digit numbers take a leading 0); check = Σ dᵢ × 2⁸⁻ⁱ (i = 0…7) mod 11
 * mod 10. Source: python-stdnum `gr/vat.py`.
 */
function greece(n: string): Verdict {
  return verdict((weightedSum(n, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(n[8]));
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/**
 * ES, NIF: 9 characters. DNI (8 digits + letter) and K/L/M (letter + 7 digits + letter): the letter
 * is TRWAGMYFPDXBNJZSQVHLCKE[digits mod 23]. NIE: X/Y/Z stand for 0/1/2, then as the DNI. CIF
 * (A–H, J, N, P, Q, R, S, U, V, W + 7 digits + control): digits 2, 4, 6 added, digits 1, 3, 5, 7
 * doubled with their digit sums added; c = (10 − Σ mod 10) mod 10; the control is c or the letter
 * JABCDEFGHI[c]. Source: Orden EHA/451/2008 and Real Decreto 1065/2007 (composición del NIF);
 * python-stdnum `es/nif.py`, `es/dni.py`, `es/nie.py`, `es/cif.py`.
 */
function spain(n: string): Verdict {
  const first = n[0]!;
  const last = n[8]!;
  const personal = /\d/.test(first) || 'KLMXYZ'.includes(first);
  if (personal && !/[A-Z]/.test(last)) return { format: 'An ES VAT number of a person (DNI, NIE) ends in a letter.' };
  if (/\d/.test(first)) return verdict(DNI_LETTERS[Number(n.slice(0, 8)) % 23] === last);
  if ('KLM'.includes(first)) return verdict(DNI_LETTERS[Number(n.slice(1, 8)) % 23] === last);
  if ('XYZ'.includes(first)) return verdict(DNI_LETTERS[Number('XYZ'.indexOf(first) + n.slice(1, 8)) % 23] === last);
  if (!'ABCDEFGHJNPQRSUVW'.includes(first)) return { format: `An ES VAT number does not start with ${first}.` };
  // The doubling is Luhn's: c is the Luhn check digit of the 7 digits.
  const c = (10 - luhnSum(`${n.slice(1, 8)}0`)) % 10;
  return verdict(last === String(c) || last === 'JABCDEFGHI'[c]);
}

/**
 * FI, ALV-numero (Y-tunnus): 8 digits, Σ dᵢ × (7 9 10 5 8 4 2 1) ≡ 0 (mod 11).
 * Source: Verohallinto (Y-tunnus); python-stdnum `fi/alv.py`.
 */
function finland(n: string): Verdict {
  return verdict(weightedSum(n, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0);
}

const FR_KEY = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * FR, n° TVA: 2-character key + SIREN (9 digits, Luhn; not checked for Monaco, whose SIREN part starts
 * with 000). Digit key = (12 + 3 × (SIREN mod 97)) mod 97. New-style key with a letter (alphabet
 * 0–9, A–Z without I and O): k = index₀ × 24 + index₁ − 10 when the first is a digit, else index₀ × 34
 * + index₁ − 100; valid when (SIREN + 1 + k div 11) mod 11 = k mod 11.
 * Source: DGFiP (clé TVA intracommunautaire); python-stdnum `fr/tva.py`, `fr/siren.py`.
 */
function france(n: string): Verdict {
  const siren = n.slice(2);
  if (!siren.startsWith('000') && luhnSum(siren) !== 0) return 'checksum';
  if (/^\d\d/.test(n)) return verdict((12 + 3 * (Number(siren) % 97)) % 97 === Number(n.slice(0, 2)));
  const i0 = FR_KEY.indexOf(n[0]!);
  const i1 = FR_KEY.indexOf(n[1]!);
  const k = i0 < 10 ? i0 * 24 + i1 - 10 : i0 * 34 + i1 - 100;
  return verdict((Number(siren) + 1 + Math.floor(k / 11)) % 11 === k % 11);
}

/** HR, OIB: 11 digits, ISO 7064 MOD 11,10. Source: Porezna uprava (OIB); python-stdnum `hr/oib.py`. */
function croatia(n: string): Verdict {
  return verdict(mod11x10Valid(n));
}

/** HU, ANUM: 8 digits, Σ dᵢ × (9 7 3 1 9 7 3 1) ≡ 0 (mod 10). Source: python-stdnum `hu/anum.py`. */
function hungary(n: string): Verdict {
  return verdict(weightedSum(n, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0);
}

const IE_LETTERS = 'WABCDEFGHIJKLMNOPQRSTUV';

/**
 * IE: new style 7 digits + check letter (+ a second letter on numbers issued since 2013), old style
 * digit + letter/+/* + 5 digits + check letter. Check letter = WABCDEFGHIJKLMNOPQRSTUV[(Σ dᵢ × (8…2) + 9 ×
 * value of the second letter, W = 0, A = 1 …) mod 23]; an old-style number is read as 0 + its 5
 * digits + its first digit. Source: Revenue (VAT number format); python-stdnum `ie/vat.py`.
 */
function ireland(n: string): Verdict {
  const isNew = /^\d{7}/.test(n);
  const digits = isNew ? n.slice(0, 7) : `0${n.slice(2, 7)}${n[0]}`;
  const extra = isNew && n.length === 9 ? IE_LETTERS.indexOf(n[8]!) : 0;
  return verdict(IE_LETTERS[(weightedSum(digits, [8, 7, 6, 5, 4, 3, 2]) + 9 * extra) % 23] === n[7]);
}

/**
 * IT, partita IVA: 11 digits, the first 7 not all 0, Luhn over all 11. The office code (digits 8–10)
 * is not checked: sources disagree (python-stdnum accepts 001–100, 120, 121, 888 and 999, jsvat up to
 * 201). Source: Agenzia delle Entrate (partita IVA); python-stdnum `it/iva.py`.
 */
function italy(n: string): Verdict {
  if (/^0{7}/.test(n)) return { format: 'An IT VAT number does not start with seven zeros.' };
  return verdict(luhnSum(n) === 0);
}

/**
 * LT, PVM mokėtojo kodas: 9 digits (legal entities, 8th digit 1) or 12 digits (temporary, 11th digit
 * 1); check = Σ dᵢ × (1 + i mod 9) mod 11, and when that is 10, Σ dᵢ × (1 + (i + 2) mod 9) mod 11;
 * then mod 10. Source: VMI; python-stdnum `lt/pvm.py`.
 */
function lithuania(n: string): Verdict {
  if (n[n.length - 2] !== '1') return { format: `A ${n.length}-digit LT VAT number has 1 as its ${n.length === 9 ? '8th' : '11th'} digit.` };
  const body = n.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (1 + (i % 9));
  if (sum % 11 === 10) {
    sum = 0;
    for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (1 + ((i + 2) % 9));
  }
  return verdict((sum % 11) % 10 === Number(n[n.length - 1]));
}

/** LU, numéro TVA: 8 digits, the last 2 = first 6 mod 89. Source: AED; python-stdnum `lu/tva.py`. */
function luxembourg(n: string): Verdict {
  return verdict(Number(n.slice(0, 6)) % 89 === Number(n.slice(6)));
}

/**
 * LV, PVN: 11 digits. Legal entities (first digit above 3): Σ dᵢ × (9 1 4 8 3 10 2 5 7 6 1) ≡ 3
 * (mod 11). Natural persons (personas kods): DDMMYY, a century digit (0 = 1800s, 1 = 1900s, 2 = 2000s),
 * and check = (1 + Σ dᵢ × (10 5 8 4 2 1 6 3 7 9)) mod 11 mod 10. Codes issued since 2017 start with 32
 * and hold no birth date; no published check for them was found, so only their format is checked.
 * Source: python-stdnum `lv/pvn.py`; PMLP (personas kods since 1 July 2017).
 */
function latvia(n: string): Verdict {
  if (n[0]! > '3') return verdict(weightedSum(n, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3);
  if (n.startsWith('32')) return 'ok';
  const year = 1800 + 100 * Number(n[6]) + Number(n.slice(4, 6));
  if (n[6]! > '2' || !isDate(year, Number(n.slice(2, 4)), Number(n.slice(0, 2)))) {
    return { format: 'An LV VAT number of a person starts with a birth date (DDMMYY) and a century digit.' };
  }
  return verdict(((1 + weightedSum(n, [10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11) % 10 === Number(n[10]));
}

/**
 * MT: 8 digits, not starting with 0, Σ dᵢ × (3 4 6 7 8 9 10 1) ≡ 0 (mod 37).
 * Source: python-stdnum `mt/vat.py`.
 */
function malta(n: string): Verdict {
  if (n[0] === '0') return { format: 'An MT VAT number never starts with 0.' };
  return verdict(weightedSum(n, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0);
}

/**
 * NL, btw-identificatienummer: 9 digits + B + 2 digits (not 00). Valid when the 9 digits pass the
 * elfproef (Σ dᵢ × (9…2) − d₉ ≡ 0 mod 11: an RSIN, or a BSN in numbers from before 2020), or when
 * "NL" + the whole number passes ISO 7064 MOD 97-10 (the btw-id of sole proprietors since 2020).
 * Source: Belastingdienst (btw-identificatienummer, 2020); python-stdnum `nl/btw.py`, `nl/bsn.py`.
 */
function netherlands(n: string): Verdict {
  if (/^0{9}/.test(n) || n.endsWith('00')) return { format: 'An NL VAT number has neither 000000000 nor B00.' };
  const elfproef = mod(weightedSum(n, [9, 8, 7, 6, 5, 4, 3, 2, -1]), 11) === 0;
  return verdict(elfproef || mod97x10Valid(`NL${n}`));
}

/** PL, NIP: 10 digits, Σ dᵢ × (6 5 7 2 3 4 5 6 7 −1) ≡ 0 (mod 11). Source: python-stdnum `pl/nip.py`. */
function poland(n: string): Verdict {
  return verdict(mod(weightedSum(n, [6, 5, 7, 2, 3, 4, 5, 6, 7, -1]), 11) === 0);
}

/**
 * PT, NIF: 9 digits, not starting with 0; check = (11 − Σ dᵢ × (9…2)) mod 11 mod 10.
 * Source: Autoridade Tributária; python-stdnum `pt/nif.py`.
 */
function portugal(n: string): Verdict {
  if (n[0] === '0') return { format: 'A PT VAT number never starts with 0.' };
  return verdict(mod(11 - weightedSum(n, [9, 8, 7, 6, 5, 4, 3, 2]), 11) % 10 === Number(n[8]));
}

/**
 * RO: a CUI/CIF of 2–10 digits, not starting with 0: left-padded to 10, check = 10 × Σ dᵢ ×
 * (7 5 3 2 1 7 5 3 2) mod 11 mod 10. Or a 13-digit CNP (personal numeric code, which Romania accepts
 * as a VAT number): S (1–9), YYMMDD (century from S: 1/2 1900s, 3/4 1800s, 5/6 2000s, unknown for
 * residents 7–9), county, serial, and check = Σ dᵢ × (2 7 9 1 4 6 3 5 8 2 7 9) mod 11, 10 → 1. The
 * county code is not checked: the lists of valid codes differ between sources.
 * Source: ANAF (CIF); python-stdnum `ro/cf.py`, `ro/cui.py`, `ro/cnp.py`.
 */
function romania(n: string): Verdict {
  if (n[0] === '0') return { format: 'An RO VAT number never starts with 0.' };
  if (n.length === 13) {
    const century = ({ 1: 1900, 2: 1900, 3: 1800, 4: 1800, 5: 2000, 6: 2000 } as Record<string, number>)[n[0]!];
    const year = century === undefined ? undefined : century + Number(n.slice(1, 3));
    if (!isDate(year, Number(n.slice(3, 5)), Number(n.slice(5, 7)))) {
      return { format: 'A 13-digit RO VAT number (CNP) holds a birth date (YYMMDD) after its first digit.' };
    }
    const sum = weightedSum(n, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
    return verdict((sum === 10 ? 1 : sum) === Number(n[12]));
  }
  const padded = n.padStart(10, '0');
  return verdict(((10 * weightedSum(padded, [7, 5, 3, 2, 1, 7, 5, 3, 2])) % 11) % 10 === Number(padded[9]));
}

/**
 * SE, momsregistreringsnummer: the 10-digit organisationsnummer (Luhn) + 01.
 * Source: Skatteverket; python-stdnum `se/vat.py`, `se/orgnr.py`.
 */
function sweden(n: string): Verdict {
  if (!n.endsWith('01')) return { format: 'An SE VAT number ends in 01.' };
  return verdict(luhnSum(n.slice(0, 10)) === 0);
}

/**
 * SI, ID za DDV: 8 digits, not starting with 0; check = 11 − (Σ dᵢ × (8…2) mod 11), 10 → 0 (and 11
 * never valid). Source: FURS; python-stdnum `si/ddv.py`.
 */
function slovenia(n: string): Verdict {
  if (n[0] === '0') return { format: 'An SI VAT number never starts with 0.' };
  const check = 11 - (weightedSum(n, [8, 7, 6, 5, 4, 3, 2]) % 11);
  return verdict((check === 10 ? 0 : check) === Number(n[7]));
}

/**
 * SK, IČ DPH: 10 digits, not starting with 0, the third digit 2, 3, 4, 6, 7, 8 or 9, the number
 * divisible by 11; a 10-digit birth number (rodné číslo, see CZ) is accepted as well, as python-stdnum
 * does. A third digit 6 is allowed by jsvat (2–4, 6–9) but not by python-stdnum: sources disagree, so
 * it is accepted. Source: Finančná správa; python-stdnum `sk/dph.py`.
 */
function slovakia(n: string): Verdict {
  if (birthNumber(n) === 'ok') return 'ok';
  if (n[0] === '0' || !'2346789'.includes(n[2]!)) {
    return { format: 'An SK VAT number does not start with 0 and has 2, 3, 4, 6, 7, 8 or 9 as its third digit.' };
  }
  return verdict(Number(n) % 11 === 0);
}

/**
 * XI, Northern Ireland (UK VAT numbers under the Windsor Framework): 9 digits, or 12 (a branch trader:
 * the last 3 are the branch). Σ d₁…d₉ × (8 7 6 5 4 3 2 10 1) mod 97 is 0 (the original scheme), or 42
 * or 55 (the "9755" scheme, numbers from 100 up). Government departments GD + 3 digits below 500,
 * health authorities HA + 3 digits from 500. Source: python-stdnum `gb/vat.py` (HMRC's modulus 97 and
 * 9755 schemes).
 */
function northernIreland(n: string): Verdict {
  if (n.startsWith('GD') || n.startsWith('HA')) {
    const code = Number(n.slice(2));
    const ok = n.startsWith('GD') ? code < 500 : code >= 500;
    return ok ? 'ok' : { format: 'An XI VAT number of a government department is GD + 000–499, of a health authority HA + 500–999.' };
  }
  const sum = weightedSum(n, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
  return verdict(Number(n.slice(0, 3)) >= 100 ? sum === 0 || sum === 42 || sum === 55 : sum === 0);
}

/** The rules by VAT prefix (VIES): Greece uses EL, not GR; XI is Northern Ireland. */
const RULES: Record<string, StateRule> = {
  AT: { lengths: [9], pattern: /^U\d{8}$/, expected: 'U followed by 8 digits', checkDigits: 'Luhn', check: austria },
  BE: {
    lengths: [10],
    pattern: /^\d{10}$/,
    expected: '10 digits',
    checkDigits: '97 − first 8 digits mod 97',
    check: belgium,
    // Numbers from before 2003 had 9 digits; the enterprise number prefixes them with 0.
    canonical: (n) => (/^\d{9}$/.test(n) ? `0${n}` : n),
  },
  BG: { lengths: [9, 10], pattern: /^\d+$/, expected: '9 or 10 digits', checkDigits: 'weighted mod 11', check: bulgaria },
  CY: { lengths: [9], pattern: /^\d{8}[A-Z]$/, expected: '8 digits and a letter', checkDigits: 'weighted mod 26', check: cyprus },
  CZ: { lengths: [8, 9, 10], pattern: /^\d+$/, expected: '8 to 10 digits', checkDigits: 'weighted mod 11', check: czechia },
  DE: { lengths: [9], pattern: /^\d{9}$/, expected: '9 digits', checkDigits: 'ISO 7064 MOD 11,10', check: germany },
  DK: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'weighted mod 11', check: denmark },
  EE: { lengths: [9], pattern: /^\d{9}$/, expected: '9 digits', checkDigits: 'weighted mod 10', check: estonia },
  EL: {
    lengths: [9],
    pattern: /^\d{9}$/,
    expected: '9 digits',
    checkDigits: 'weighted mod 11',
    check: greece,
    canonical: (n) => (/^\d{8}$/.test(n) ? `0${n}` : n),
  },
  ES: {
    lengths: [9],
    pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
    expected: 'a letter or digit, 7 digits, a letter or digit',
    checkDigits: 'NIF letter or CIF control',
    check: spain,
  },
  FI: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'weighted mod 11', check: finland },
  FR: {
    lengths: [11],
    pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
    expected: 'a 2-character key (digits or letters other than I and O) and the 9-digit SIREN',
    checkDigits: 'key and SIREN Luhn',
    check: france,
  },
  HR: { lengths: [11], pattern: /^\d{11}$/, expected: '11 digits', checkDigits: 'ISO 7064 MOD 11,10', check: croatia },
  HU: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'weighted mod 10', check: hungary },
  IE: {
    lengths: [8, 9],
    pattern: /^(\d{7}[A-W][A-W]?|\d[A-Z+*]\d{5}[A-W])$/,
    expected: '7 digits and 1 or 2 letters, or 8 characters of the old style',
    checkDigits: 'weighted mod 23',
    check: ireland,
  },
  IT: { lengths: [11], pattern: /^\d{11}$/, expected: '11 digits', checkDigits: 'Luhn', check: italy },
  LT: { lengths: [9, 12], pattern: /^\d+$/, expected: '9 or 12 digits', checkDigits: 'weighted mod 11', check: lithuania },
  LU: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'first 6 digits mod 89', check: luxembourg },
  LV: { lengths: [11], pattern: /^\d{11}$/, expected: '11 digits', checkDigits: 'weighted mod 11', check: latvia },
  MT: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'weighted mod 37', check: malta },
  NL: {
    lengths: [12],
    pattern: /^\d{9}B\d{2}$/,
    expected: '9 digits, B and 2 digits',
    checkDigits: 'elfproef or MOD 97-10',
    check: netherlands,
    // Leading zeros of the 9 digits are often left out (`NL4495445B01`).
    canonical: (n) => (/^\d{1,8}B\d{2}$/.test(n) ? n.padStart(12, '0') : n),
  },
  PL: { lengths: [10], pattern: /^\d{10}$/, expected: '10 digits', checkDigits: 'weighted mod 11', check: poland },
  PT: { lengths: [9], pattern: /^\d{9}$/, expected: '9 digits', checkDigits: 'weighted mod 11', check: portugal },
  RO: {
    lengths: [2, 3, 4, 5, 6, 7, 8, 9, 10, 13],
    pattern: /^\d+$/,
    expected: '2 to 10 digits, or the 13 digits of a personal numeric code',
    checkDigits: 'weighted mod 11',
    check: romania,
  },
  SE: { lengths: [12], pattern: /^\d{12}$/, expected: '12 digits', checkDigits: 'Luhn', check: sweden },
  SI: { lengths: [8], pattern: /^\d{8}$/, expected: '8 digits', checkDigits: 'weighted mod 11', check: slovenia },
  SK: { lengths: [10], pattern: /^\d{10}$/, expected: '10 digits', checkDigits: 'divisible by 11', check: slovakia },
  XI: {
    lengths: [5, 9, 12],
    pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    expected: '9 or 12 digits, or GD or HA and 3 digits',
    checkDigits: 'weighted mod 97',
    check: northernIreland,
  },
};

/** The canonical VAT prefix of an EU country code (GR → EL), or undefined when not an EU VAT country. */
function euPrefix(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  const canonical = upper === 'GR' ? 'EL' : upper;
  return Object.hasOwn(RULES, canonical) ? canonical : undefined;
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
 * Normalises a VAT number written in any spelling and checks it with its state's rule. Input without
 * a country prefix is Belgian unless `countryHint` is the code of another EU country (a hint that is
 * not an EU code is ignored).
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
  if (leading !== '') return unknownPrefix(leading, trimmed);
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
  if (refPrefix === undefined) return unknownPrefix(ref, raw);

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

function unknownPrefix(prefix: string, raw: string): VatResult {
  const problem =
    prefix === 'EX'
      ? 'The VAT prefix EX marks a third party outside the EU: its number cannot be checked or matched.'
      : `${prefix} is not the VAT prefix of an EU country: the number cannot be checked or matched.`;
  return { status: 'invalid', raw, reason: 'unknown-prefix', problem };
}

function checkNumber(country: string, written: string, raw: string): VatResult {
  const invalid = (reason: VatReason, problem: string): VatResult => ({ status: 'invalid', raw, reason, problem });
  if (written === '') return invalid('length', `The VAT number has the prefix ${country} but no number.`);
  const rule = RULES[country]!;
  const number = rule.canonical?.(written) ?? written;
  if (country === 'BE') {
    // Belgian numbers are the most common by far: their sentences say exactly what is wrong.
    if (!/^\d+$/.test(number)) return invalid('format', 'A Belgian VAT number holds digits only.');
    if (number.length !== 10) return invalid('length', `A Belgian VAT number has 10 digits; this one has ${written.length}.`);
  }
  const shape = `A ${country} VAT number is ${rule.expected} after the prefix; this one is ${written}.`;
  if (!rule.lengths.includes(number.length)) return invalid('length', shape);
  if (!rule.pattern.test(number)) return invalid('format', shape);
  const outcome = rule.check(number);
  if (outcome === 'checksum') {
    const problem =
      country === 'BE'
        ? `The check digits of this Belgian VAT number are wrong (${rule.checkDigits}).`
        : `The check digits of this ${country} VAT number are wrong (${rule.checkDigits}).`;
    return invalid('checksum', problem);
  }
  if (outcome !== 'ok') return invalid('format', outcome.format);
  return { status: 'valid', vat: country + number, country, number };
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
