/**
 * A CRM company made into what BOB's columns hold (audit B1): BOB's columns have fixed widths
 * (`CNAME1` 40, `CCOUNTRY` 6, `EMAILADDRESS` 60, `PTITLE` 30…) and, for CHAR/VARCHAR, a code page;
 * SQL Server refuses a longer value and silently turns a missing character into `?`. So the values
 * are fitted here, when the proposal is built, by these rules, in this order:
 *
 * 1. Characters the column's code page lacks are replaced (ł → l, ź → z, ř → r; ó stays, 1252 has it; anything without an
 *    unaccented form → `?`).
 * 2. Values take BOB's forms: a country name becomes its ISO code (`Bosnië-Herzegovina` → `BA`; an
 *    unknown name leaves CCOUNTRY empty rather than a name in it), a Belgian phone number BOB's
 *    `02/758.25.69`.
 * 3. A name longer than CNAME1 continues on CNAME2, a street longer than CADDRESS1 on CADDRESS2
 *    (before what the CRM has there), broken at the last space that keeps at least half the line.
 * 4. Whatever is still too long is cut at the column's width (the one rule for every other field).
 *
 * Every departure from the CRM's value is a `FitNote`, shown on the CRM to BOB row at analyse time,
 * so that the workbook says what BOB will receive; the plan makes the same record from the same
 * CRM record and BOB columns, and writes exactly that. Pure.
 */
import { fitCharacters } from './code-page.js';
import { countryCode } from './countries.js';
import type { BobColumn, BobColumns, BobCompanyField, BobContact, BobContactField, BobThirdParty, FitNote } from './model.js';

export type { FitNote } from './model.js';

/** The record before fitting, and BOB's columns (none: nothing is shortened, forms are still mapped). */
export function fitBobRecord(
  party: BobThirdParty,
  contacts: readonly BobContact[],
  columns: BobColumns | undefined,
): { party: BobThirdParty; contacts: BobContact[]; notes: FitNote[] } {
  const notes: FitNote[] = [];
  const company = columns?.company ?? {};
  const fitted: BobThirdParty = { ...party, personal: { ...party.personal } };

  // 1. Code pages, every text field.
  for (const field of TEXT_FIELDS) fitted[field] = characters(fitted[field], company[field], field, notes);
  for (const [column, value] of Object.entries(fitted.personal)) {
    fitted.personal[column] = characters(value, columns?.personal[column], `pf:${column}`, notes);
  }

  // 2. BOB's forms.
  fitted.country = bobCountry(fitted.country, company.country, notes);
  fitted.phone = bobPhone(fitted.phone);
  fitted.fax = bobPhone(fitted.fax);

  // 3. Continuation lines.
  [fitted.name, fitted.name2] = continued(fitted.name, fitted.name2, 'name', 'name2', company, notes);
  [fitted.address1, fitted.address2] = continued(fitted.address1, fitted.address2, 'address1', 'address2', company, notes);

  // 4. Everything else at its width.
  for (const field of TEXT_FIELDS) fitted[field] = shortened(fitted[field], company[field], field, notes);
  for (const [column, value] of Object.entries(fitted.personal)) {
    fitted.personal[column] = shortened(value, columns?.personal[column], `pf:${column}`, notes);
  }

  const contactColumns = columns?.contact ?? {};
  const fittedContacts = contacts.map((contact) => {
    const person = `${contact.firstName} ${contact.lastName}`.trim();
    const personNotes: FitNote[] = [];
    const out: BobContact = { ...contact };
    for (const field of CONTACT_TEXT_FIELDS) {
      let value = characters(out[field], contactColumns[field], field, personNotes);
      if (field === 'phone' || field === 'mobile') value = bobPhone(value);
      out[field] = shortened(value, contactColumns[field], field, personNotes);
    }
    for (const note of personNotes) notes.push({ ...note, person });
    return out;
  });
  return { party: fitted, contacts: fittedContacts, notes };
}

const TEXT_FIELDS = [
  'name', 'name2', 'address1', 'address2', 'postcode', 'locality', 'country', 'language', 'vatRef', 'vatNo', 'phone', 'fax', 'email', 'website',
] as const satisfies readonly BobCompanyField[];

const CONTACT_TEXT_FIELDS = ['lastName', 'firstName', 'title', 'phone', 'mobile', 'email', 'language'] as const satisfies readonly BobContactField[];

function characters(value: string, column: BobColumn | undefined, field: string, notes: FitNote[]): string {
  const fitted = fitCharacters(value, column?.charset ?? null);
  if (fitted !== value) notes.push({ field, kind: 'characters', from: value, to: fitted });
  return fitted;
}

/** Cut at the width; trailing spaces of the cut go too. */
function shortened(value: string, column: BobColumn | undefined, field: string, notes: FitNote[]): string {
  const width = column?.maxLength ?? null;
  if (width === null || value.length <= width) return value;
  const cut = value.slice(0, width).trimEnd();
  notes.push({ field, kind: 'shortened', from: value, to: cut, width });
  return cut;
}

/**
 * `first` over two lines when it is longer than its column: broken at the last space that keeps at
 * least half the line (else at the width), the rest before `second`. The second line is cut later
 * (rule 4) when it is still too long.
 */
function continued(
  first: string,
  second: string,
  field: BobCompanyField,
  into: BobCompanyField,
  columns: BobColumns['company'],
  notes: FitNote[],
): [string, string] {
  const width = columns[field]?.maxLength ?? null;
  if (width === null || first.length <= width) return [first, second];
  const space = first.lastIndexOf(' ', width);
  const at = space >= Math.ceil(width / 2) ? space : width;
  const head = first.slice(0, at).trimEnd();
  const rest = first.slice(at).trim();
  const next = [rest, second.trim()].filter((part) => part !== '').join(' ');
  notes.push({ field, kind: 'continued', from: first, to: rest, into });
  return [head, next];
}

/** ISO code of a country name; an unknown name is not written (CCOUNTRY holds codes only). */
function bobCountry(value: string, column: BobColumn | undefined, notes: FitNote[]): string {
  const raw = value.trim();
  if (raw === '') return '';
  const code = countryCode(raw);
  if (code !== null) {
    if (code !== raw) notes.push({ field: 'country', kind: 'country-code', from: raw, to: code });
    return code;
  }
  // An unknown code (letters only, short enough) is BOB's own business; a name is not.
  if (/^[A-Za-z]{1,3}$/.test(raw) && raw.length <= (column?.maxLength ?? 6)) return raw.toUpperCase();
  notes.push({ field: 'country', kind: 'country-unknown', from: raw, to: '' });
  return '';
}

/**
 * A Belgian number in BOB's style, `0<zone>/<groups>` with dots (`+32 2 758 25 69` → `02/758.25.69`,
 * `+32 475 12 34 56` → `0475/12.34.56`); a foreign number, or one that is not a whole Belgian
 * number, as written. The digits stay the same, so comparisons (digits only) see no change.
 */
export function bobPhone(raw: string): string {
  const value = raw.trim();
  if (value === '') return '';
  let digits = value.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (value.startsWith('+')) digits = `00${digits}`;
  if (digits.startsWith('0032')) digits = `0${digits.slice(4).replace(/^0/, '')}`;
  else if (digits.startsWith('00') || !digits.startsWith('0')) return value;
  const national = digits.slice(1);
  const mobile = /^4[5-9]/.test(national);
  if (national.length !== (mobile ? 9 : 8)) return value;
  const zone = mobile ? 3 : '2349'.includes(national[0]!) ? 1 : 2;
  const local = national.slice(zone);
  const groups = local.length === 7 ? [local.slice(0, 3), local.slice(3, 5), local.slice(5)] : [local.slice(0, 2), local.slice(2, 4), local.slice(4)];
  return `0${national.slice(0, zone)}/${groups.join('.')}`;
}

/** The notes that follow from the record and BOB's columns alone: what the personal-field selection adds is left out. */
export function recordNotes(notes: readonly FitNote[]): FitNote[] {
  return notes.filter((note) => !note.field.startsWith('pf:'));
}
