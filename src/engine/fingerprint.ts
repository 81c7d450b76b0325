/**
 * Fingerprints of source records: a hash of the record's canonical content, computed at analysis and
 * again at import from freshly read records. A different fingerprint means the record changed since
 * the proposal was built (the row is stale). They depend on content only, never on order or time.
 */
import { createHash } from 'node:crypto';
import { compareNatural } from './compare-natural.js';
import type { BobContact, BobThirdParty, CrmCompany, CrmPerson, MappingEntry } from './model.js';

/** JSON with object keys sorted at every level and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units: the same order everywhere, unlike localeCompare.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

/** First 32 hex digits (128 bits) of the sha-256 of the canonical JSON. */
function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

const byId = <T extends { id: string }>(records: readonly T[]): T[] =>
  [...records].sort((a, b) => compareNatural(a.id, b.id));

/** Fingerprint of a BOB third party with its contact persons (in any order). */
export function fingerprintBob(party: BobThirdParty, contacts: readonly BobContact[]): string {
  return digest({ kind: 'bob', party, contacts: byId(contacts) });
}

/** Fingerprint of a CRM company (address and custom fields included) with its persons (in any order). */
export function fingerprintCrm(company: CrmCompany, persons: readonly CrmPerson[]): string {
  return digest({ kind: 'crm', company, persons: byId(persons) });
}

/** Fingerprint of a mapping entry; an absent entry has a fingerprint of its own. */
export function fingerprintMapping(entry: MappingEntry | undefined): string {
  return digest({ kind: 'map', entry: entry ?? null });
}
