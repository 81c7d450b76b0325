/**
 * Telephone numbers for the demo, kept as digits and written in the formats found in Belgian
 * address books (`02/758.25.69`, `+32 9 233 44 55`, `0475 12 34 56`), so that two records can hold
 * the same number in different forms.
 */

export interface PhoneNumber {
  /** International dialling code without `+`, e.g. `32`. */
  dial: string;
  /** Area code without the trunk 0 (`2`, `16`, `475`); empty where the country has none. */
  area: string;
  /** Subscriber digits. */
  local: string;
}

export type PhoneStyle =
  | 'slash-dot' | 'slash-space' | 'spaced' | 'dotted' | 'compact' | 'intl' | 'intl-trunk' | 'double-zero';

export const PHONE_STYLES: readonly PhoneStyle[] =
  ['slash-dot', 'slash-space', 'spaced', 'dotted', 'compact', 'intl', 'intl-trunk', 'double-zero'];

/** Groups of 3-2-2, 2-2-2 or 2-2-2-2 as written in Belgium. */
function groups(local: string): string[] {
  switch (local.length) {
    case 5: return [local.slice(0, 3), local.slice(3)];
    case 6: return [local.slice(0, 2), local.slice(2, 4), local.slice(4)];
    case 7: return [local.slice(0, 3), local.slice(3, 5), local.slice(5)];
    case 8: return [local.slice(0, 2), local.slice(2, 4), local.slice(4, 6), local.slice(6)];
    default: return [local];
  }
}

/** The number in one style; foreign numbers are always written internationally. */
export function formatPhone(phone: PhoneNumber, style: PhoneStyle): string {
  const g = groups(phone.local);
  const trunk = phone.area === '' ? '' : `0${phone.area}`;
  const area = phone.area === '' ? '' : `${phone.area} `;
  if (phone.dial !== '32') {
    return style === 'double-zero' ? `00${phone.dial} ${area}${g.join(' ')}` : `+${phone.dial} ${area}${g.join(' ')}`;
  }
  switch (style) {
    case 'slash-dot': return `${trunk}/${g.join('.')}`;
    case 'slash-space': return `${trunk}/${g.join(' ')}`;
    case 'spaced': return `${trunk} ${g.join(' ')}`;
    case 'dotted': return `${trunk}.${g.join('.')}`;
    case 'compact': return `${trunk}${phone.local}`;
    case 'intl': return `+32 ${area}${g.join(' ')}`;
    case 'intl-trunk': return `+32 (0)${area}${g.join(' ')}`;
    case 'double-zero': return `0032 ${area}${g.join(' ')}`;
  }
}
