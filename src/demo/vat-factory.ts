/**
 * VAT numbers for the demo: Belgian enterprise numbers valid under mod 97 (0- and 1-series) and
 * Dutch, French, Luxembourg and German numbers valid under their own checks, each unique within one
 * factory, plus the many ways people write them.
 */
import type { Random } from './random.js';
import type { ForeignCountry } from './vocabulary.js';

/** How a Belgian number is written; see `spellBelgianVat`. */
export type BelgianSpelling =
  | 'plain' | 'dotted' | 'old9' | 'spaced'
  | 'prefixed' | 'prefixed-dotted' | 'prefixed-spaced' | 'prefixed-old9' | 'lower-dashed';

/** A VAT number: the country prefix and the national part in its canonical form (BE: 10 digits). */
export interface DemoVat {
  country: 'BE' | ForeignCountry;
  national: string;
}

/**
 * Walks a range in a scrambled order without repeating: a small Feistel network is a bijection on
 * [0, 2^bits), and cycle-walking restricts it to [0, size), so uniqueness needs no set of issued numbers.
 */
class Sequence {
  private next = 0;
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(private readonly start: number, private readonly size: number, rng: Random) {
    let bits = Math.max(2, Math.ceil(Math.log2(size)));
    if (bits % 2 === 1) bits++;
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
    this.keys = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()];
  }

  take(): number {
    if (this.next >= this.size) throw new RangeError('The demo ran out of VAT numbers in a range');
    let x = this.next++;
    do x = this.scramble(x); while (x >= this.size);
    return this.start + x;
  }

  private scramble(x: number): number {
    let left = x >>> this.half;
    let right = x & this.mask;
    for (const key of this.keys) {
      let f = Math.imul(right ^ key, 0x9e3779b1);
      f = Math.imul(f ^ (f >>> 15), 0x85ebca6b);
      const next = left ^ ((f ^ (f >>> 13)) & this.mask);
      left = right;
      right = next;
    }
    return ((left << this.half) | right) >>> 0;
  }
}

/** Check digits of a Belgian number: 97 − (first 8 digits mod 97), so 97 (never 00) when divisible. */
export function belgianCheckDigits(base8: number): string {
  return String(97 - (base8 % 97)).padStart(2, '0');
}

/** Mod 11,10 (ISO 7064) check digit of the German USt-IdNr. */
function germanCheckDigit(payload: string): number {
  let product = 10;
  for (const ch of payload) {
    let sum = (Number(ch) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** Luhn check digit to append to `payload` (French SIREN). */
function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export class VatFactory {
  private readonly belgian0: Sequence;
  private readonly belgian1: Sequence;
  private readonly dutch: Sequence;
  private readonly french: Sequence;
  private readonly luxembourg: Sequence;
  private readonly german: Sequence;

  /** Keys come from `rng`, so another seed gives other numbers. */
  constructor(private readonly rng: Random) {
    this.belgian0 = new Sequence(2_000_000, 8_000_000, rng);
    this.belgian1 = new Sequence(10_000_000, 1_000_000, rng);
    this.dutch = new Sequence(10_000_000, 90_000_000, rng);
    this.french = new Sequence(10_000_000, 90_000_000, rng);
    this.luxembourg = new Sequence(100_000, 900_000, rng);
    this.german = new Sequence(10_000_000, 90_000_000, rng);
  }

  /** A new valid Belgian number; about 10% from the 1-series unless `series` says which. */
  belgian(series?: 0 | 1): DemoVat {
    const one = series === undefined ? this.rng.chance(0.1) : series === 1;
    const base8 = one ? this.belgian1.take() : this.belgian0.take();
    return { country: 'BE', national: String(base8).padStart(8, '0') + belgianCheckDigits(base8) };
  }

  /** A new valid number of a neighbouring country. */
  foreign(country: ForeignCountry): DemoVat {
    switch (country) {
      case 'NL': {
        // RSIN "elfproef": 9·d1 + 8·d2 + … + 2·d8 ≡ d9 (mod 11), and d9 must be a single digit
        for (;;) {
          const base = String(this.dutch.take());
          let sum = 0;
          for (let i = 0; i < 8; i++) sum += Number(base[i]) * (9 - i);
          const check = sum % 11;
          if (check < 10) return { country, national: `${base}${check}B${this.rng.chance(0.9) ? '01' : '02'}` };
        }
      }
      case 'FR': {
        const siren = String(this.french.take());
        const full = siren + String(luhnCheckDigit(siren));
        const key = String((12 + 3 * (Number(full) % 97)) % 97).padStart(2, '0');
        return { country, national: key + full };
      }
      case 'LU': {
        const base = this.luxembourg.take();
        return { country, national: String(base) + String(base % 89).padStart(2, '0') };
      }
      case 'DE': {
        const base = String(this.german.take());
        return { country, national: base + String(germanCheckDigit(base)) };
      }
    }
  }
}

/** The same Belgian number with wrong check digits (a typo): it fails mod 97. */
export function corruptBelgianVat(vat: DemoVat, rng: Random): DemoVat {
  const check = Number(vat.national.slice(8));
  const wrong = ((check - 1 + rng.int(1, 96)) % 97) + 1;
  return { country: 'BE', national: vat.national.slice(0, 8) + String(wrong).padStart(2, '0') };
}

/** Writes a Belgian 10-digit number the way people do: `0403.019.261`, `BE 0403 019 261`, `403019261`… */
export function spellBelgianVat(national: string, spelling: BelgianSpelling): string {
  const dotted = `${national.slice(0, 4)}.${national.slice(4, 7)}.${national.slice(7)}`;
  const spaced = `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  // The old 9-digit form only exists for the 0-series.
  const old9 = national.startsWith('0') ? national.slice(1) : national;
  switch (spelling) {
    case 'plain': return national;
    case 'dotted': return dotted;
    case 'old9': return old9;
    case 'spaced': return spaced;
    case 'prefixed': return `BE${national}`;
    case 'prefixed-dotted': return `BE ${dotted}`;
    case 'prefixed-spaced': return `BE ${spaced}`;
    case 'prefixed-old9': return `BE${old9}`;
    case 'lower-dashed': return `be${national.slice(0, 4)}-${national.slice(4, 7)}-${national.slice(7)}`;
  }
}

/** Writes a foreign number with its prefix, compact or with the usual spaces. */
export function spellForeignVat(vat: DemoVat, spaced: boolean): string {
  if (!spaced) return vat.country + vat.national;
  const n = vat.national;
  switch (vat.country) {
    case 'NL': return `NL ${n.slice(0, 9)} ${n.slice(9)}`;
    case 'FR': return `FR ${n.slice(0, 2)} ${n.slice(2)}`;
    case 'LU': return `LU ${n.slice(0, 4)} ${n.slice(4)}`;
    case 'DE': return `DE ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    default: return `${vat.country} ${n}`;
  }
}
