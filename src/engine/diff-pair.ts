/**
 * What `Update CRM` would change on a matched pair: BOB's values against the CRM's, compared on
 * their normalised keys so that differences of form only are not changes.
 */
import { sortSmall } from './collections.js';
import { compareNatural } from './compare-natural.js';
import type { BobContact, BobThirdParty, CrmCompany, CrmPerson, FieldChange } from './model.js';
import {
  barePostcode,
  normaliseCountry,
  normaliseEmail,
  normalisePhone,
  normaliseText,
  normaliseWebsite,
  postcodeKey,
} from './normalise.js';

/** A personal field taking part in the comparison: BOB column (upper case) → CRM field (lower case). */
export interface ComparedPersonalField {
  column: string;
  crmField: string;
}

interface FieldRule {
  field: string;
  /** BOB's value as it would be written to the CRM. */
  bob: (party: BobThirdParty) => string;
  crm: (company: CrmCompany) => string;
  key: (value: string) => string;
}

/** Company fields compared, in the order changes are listed. */
const FIELD_RULES: readonly FieldRule[] = [
  { field: 'name', bob: (p) => p.name, crm: (c) => c.name, key: normaliseText },
  { field: 'website', bob: (p) => p.website, crm: (c) => c.website, key: normaliseWebsite },
  { field: 'email', bob: (p) => p.email, crm: (c) => c.email, key: normaliseEmail },
  { field: 'phone', bob: (p) => p.phone, crm: (c) => c.phone, key: normalisePhone },
  { field: 'address1', bob: (p) => p.address1, crm: (c) => c.address?.address1 ?? '', key: normaliseText },
  { field: 'address2', bob: (p) => p.address2, crm: (c) => c.address?.address2 ?? '', key: normaliseText },
  { field: 'postcode', bob: (p) => barePostcode(p.postcode), crm: (c) => c.address?.postcode ?? '', key: postcodeKey },
  { field: 'city', bob: (p) => p.locality, crm: (c) => c.address?.city ?? '', key: normaliseText },
  { field: 'country', bob: (p) => p.country, crm: (c) => c.address?.country ?? '', key: normaliseCountry },
];

/** The field keys `diffPair` can produce besides `person` and `pf:<COLUMN>`. */
export const COMPARED_FIELDS: readonly string[] = FIELD_RULES.map((r) => r.field);

const personKey = (first: string, last: string): string => normaliseText(`${first} ${last}`);

/**
 * Changes BOB would make to the CRM company: `name`, `website`, `email`, `phone`, `address1`,
 * `address2`, `postcode` (bare), `city`, `country`; `person` for each BOB contact without a CRM
 * person of the same name (`from` empty, `to` "First Last"); `pf:<COLUMN>` for each compared
 * personal field. `from` is the CRM's value, `to` BOB's. An empty BOB value never clears a CRM value:
 * the CRM may hold what BOB does not know, and blanking it is not what a first synchronisation is for.
 */
export function diffPair(
  party: BobThirdParty,
  contacts: readonly BobContact[],
  company: CrmCompany,
  persons: readonly CrmPerson[],
  personalFields: readonly ComparedPersonalField[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const rule of FIELD_RULES) {
    const to = rule.bob(party);
    const from = rule.crm(company);
    // The same text has the same key (most fields of a matched pair): no need to work it out.
    if (to === from) continue;
    const bobKey = rule.key(to);
    if (bobKey !== '' && bobKey !== rule.key(from)) changes.push({ field: rule.field, from, to });
  }

  // A person entered with first and last name swapped is still the same person.
  const crmPersons = new Set<string>();
  for (const p of persons) {
    crmPersons.add(personKey(p.firstName, p.lastName));
    crmPersons.add(personKey(p.lastName, p.firstName));
  }
  const missing = new Map<string, string>();
  for (const c of contacts) {
    const key = personKey(c.firstName, c.lastName);
    if (key !== '' && !crmPersons.has(key) && !missing.has(key)) {
      missing.set(key, `${c.firstName} ${c.lastName}`.replace(/\s+/gu, ' ').trim());
    }
  }
  for (const to of sortSmall([...missing.values()], compareNatural)) changes.push({ field: 'person', from: '', to });

  const fields = sortSmall([...personalFields], (a, b) => compareNatural(a.column, b.column));
  for (const pf of fields) {
    const to = party.personal[pf.column] ?? '';
    const from = company.custom[pf.crmField.toLowerCase()] ?? '';
    if (to === from) continue;
    const bobKey = normaliseText(to);
    if (bobKey !== '' && bobKey !== normaliseText(from)) changes.push({ field: `pf:${pf.column}`, from, to });
  }
  return changes;
}
