/**
 * The records the rows of an import rely on, read again just before the plan is built (DESIGN §7.4):
 * by code and by id for a few thousand records, whole tables and feeds past that.
 */
import type { CrmCompany, CrmPerson } from '../engine/model.js';
import type { FreshRecords } from '../engine/plan-model.js';
import type { BobPort } from '../sources/bob/bob-port.js';
import { internCompany, internPerson } from '../sources/crm/crm-dto.js';
import type { CrmPort } from '../sources/crm/crm-port.js';
import { releaseMemory } from './release-memory.js';

/** Record counts above which `readFresh` reads whole tables and feeds instead of asking by id. */
export const BULK_READ_FROM = 5_000;

export async function readFresh(
  ids: { bobIds: string[]; crmIds: string[] },
  mapping: FreshRecords['mapping'],
  sources: { bob: BobPort; crm: CrmPort },
  bulkReadFrom: number = BULK_READ_FROM,
): Promise<FreshRecords> {
  // Past a few thousand records, reading whole tables and feeds and keeping the ones asked for is far
  // cheaper than thousands of `IN (…)` queries and by-id requests (see bench/README.md).
  const wholeBob = ids.bobIds.length > bulkReadFrom;
  const wholeCrm = ids.crmIds.length > bulkReadFrom;
  const crmRead = wholeCrm ? readCrmWhole(sources.crm, new Set(ids.crmIds)) : Promise.all([
    ids.crmIds.length > 0 ? sources.crm.getCompanies(ids.crmIds) : Promise.resolve([]),
    ids.crmIds.length > 0 ? sources.crm.getPersons(ids.crmIds) : Promise.resolve([]),
  ]);
  // One BOB read at a time: an open iteration keeps an embedded database's connection busy.
  const bobRead = (async () => {
    if (wholeBob) {
      const wanted = new Set(ids.bobIds.map((id) => id.toUpperCase()));
      const all = await sources.bob.read();
      return [
        all.thirdParties.filter((party) => wanted.has(party.id.toUpperCase())),
        all.contacts.filter((contact) => wanted.has(contact.companyId.toUpperCase())),
      ] as const;
    }
    const parties = await sources.bob.thirdParties(ids.bobIds);
    const contacts = await sources.bob.contacts(ids.bobIds);
    return [parties, contacts] as const;
  })();
  const [[parties, contacts], [companies, persons]] = await Promise.all([bobRead, crmRead]);
  const bob: FreshRecords['bob'] = new Map(parties.map((party) => [party.id, { party, contacts: [] as typeof contacts }]));
  for (const contact of contacts) bob.get(contact.companyId)?.contacts.push(contact);
  const crm: FreshRecords['crm'] = new Map(companies.map((company) => [company.id, { company: internCompany(company), persons: [] as typeof persons }]));
  for (const person of persons) crm.get(person.companyId)?.persons.push(internPerson(person));
  // What whole tables and feeds brought and was not kept goes before the plan.
  if (wholeBob || wholeCrm) releaseMemory();
  return { bob, crm, mapping };
}

async function readCrmWhole(crm: CrmPort, wanted: ReadonlySet<string>): Promise<[CrmCompany[], CrmPerson[]]> {
  const companies: CrmCompany[] = [];
  const persons: CrmPerson[] = [];
  await Promise.all([
    (async () => {
      for await (const page of crm.companies()) for (const company of page) if (wanted.has(company.id)) companies.push(company);
    })(),
    (async () => {
      for await (const page of crm.persons()) for (const person of page) if (wanted.has(person.companyId)) persons.push(person);
    })(),
  ]);
  return [companies, persons];
}
