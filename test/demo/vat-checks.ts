/**
 * VAT checks written for the demo tests, independently of the engine's and the generator's code:
 * a test must not pass because two pieces of the same code agree with each other.
 */

/** Reduces a Belgian number in any spelling to 10 digits, or returns null when it is not one. */
export function belgianDigits(raw: string): string | null {
  let s = raw.toUpperCase().replace(/[\s.\-/]/g, '');
  if (s.startsWith('BE')) s = s.slice(2);
  if (/^\d{9}$/.test(s)) s = `0${s}`;
  return /^[01]\d{9}$/.test(s) ? s : null;
}

/** First 8 digits plus the last 2 is a multiple of 97 (python-stdnum's formulation). */
export function passesMod97(digits10: string): boolean {
  return (Number(digits10.slice(0, 8)) + Number(digits10.slice(8))) % 97 === 0;
}

/** NL: 9 digits, `B`, 2 digits; the 9 digits pass the "elfproef". */
export function validDutch(number: string): boolean {
  const m = /^(\d{9})B\d{2}$/.exec(number);
  if (m === null) return false;
  const d = m[1]!.split('').map(Number);
  const sum = d.slice(0, 8).reduce((acc, digit, i) => acc + digit * (9 - i), 0) - d[8]!;
  return sum % 11 === 0;
}

/** FR: 2-digit key = (12 + 3 × (SIREN mod 97)) mod 97, and the SIREN passes Luhn. */
export function validFrench(number: string): boolean {
  const m = /^(\d{2})(\d{9})$/.exec(number);
  if (m === null) return false;
  const siren = m[2]!;
  let luhn = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(siren[8 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    luhn += d;
  }
  return luhn % 10 === 0 && Number(m[1]) === (12 + 3 * (Number(siren) % 97)) % 97;
}

/** LU: 8 digits, the last 2 = first 6 mod 89. */
export function validLuxembourg(number: string): boolean {
  return /^\d{8}$/.test(number) && Number(number.slice(0, 6)) % 89 === Number(number.slice(6));
}

/** DE: 9 digits, the last one the ISO 7064 mod 11,10 check digit of the first 8. */
export function validGerman(number: string): boolean {
  if (!/^[1-9]\d{8}$/.test(number)) return false;
  let product = 10;
  for (const ch of number.slice(0, 8)) {
    const sum = (Number(ch) + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(number[8]);
}

export function validForeign(country: string, number: string): boolean {
  switch (country) {
    case 'NL': return validDutch(number);
    case 'FR': return validFrench(number);
    case 'LU': return validLuxembourg(number);
    case 'DE': return validGerman(number);
    default: return false;
  }
}
