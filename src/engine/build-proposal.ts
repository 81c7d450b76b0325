/**
 * The proposal: from both sides' snapshots and the mapping table, what would be created, updated or
 * linked in each direction, and what is left out and why (DESIGN §2). Pure and deterministic: every
 * loop runs over records sorted by id and every output array is sorted by row key.
 */
import { conditionHolds } from './conditions.js';
import { firstBy, groupBy, push } from './collections.js';
import { compareNatural, sortByKey } from './compare-natural.js';
import { diffPair, type ComparedPersonalField } from './diff-pair.js';
import { fingerprintBob, fingerprintCrm, fingerprintMapping } from './fingerprint.js';
import type {
  AnalysisInput,
  B2CRow,
  BobContact,
  BobThirdParty,
  C2BRow,
  Candidate,
  CrmCompany,
  CrmField,
  CrmPerson,
  ExcludedRow,
  ExclusionReason,
  MappingEntry,
  MappingRow,
  PersonalFieldConfig,
  PersonalFieldRow,
  PersonalFieldSetting,
  Proposal,
  SourceRef,
} from './model.js';
import { mappingId } from './model.js';
import { buildNameIndex } from './name-index.js';
import { deriveBobId } from './new-bob-id.js';
import { barePostcode, foldAccents } from './normalise.js';
import { companyVat, partyVat, type VatResult } from './vat.js';
import { newBobCustomer } from './written-values.js';

export interface BuildProposalOptions {
  /** `comp_type` of customers, compared case-insensitively (config `crmSchema.customerType`). Default `Customer`. */
  customerType?: string;
  /** Longest proposed New BOB id. Default 10, or less when BOB's CID column is narrower. */
  bobIdMaxLength?: number;
}

type PairedBy = 'mapping' | 'bobid' | 'vat';

/** A BOB third party with what the engine works out once for it, and where the stages left it. */
interface BobEntry {
  party: BobThirdParty;
  vat: VatResult;
  contacts: BobContact[];
  fingerprint: string | undefined;
  /** No sync in the mapping table. */
  noSync: boolean;
  /** Settled (linked, excluded, offered as a choice, or No sync): later stages leave it alone. */
  done: boolean;
  /** Paired with a CRM company (mapping table, comp_bobid or VAT). */
  linked: boolean;
  /** On the Excluded sheet already (the first reason wins). */
  excluded: boolean;
}

/** A CRM company with what the engine works out once for it, and where the stages left it. */
interface CrmEntry {
  company: CrmCompany;
  vat: VatResult;
  persons: CrmPerson[];
  fingerprint: string | undefined;
  noSync: boolean;
  done: boolean;
  /** Claimed by a link of the mapping table. */
  linked: boolean;
  excluded: boolean;
}

/** Builds the proposal for `input`; the same input always gives the same (deep-equal) proposal. */
export function buildProposal(input: AnalysisInput, options: BuildProposalOptions = {}): Proposal {
  const customerType = (options.customerType ?? 'Customer').trim().toLowerCase();
  const bobIdMaxLength = options.bobIdMaxLength ?? Math.min(10, input.bobColumns?.company.id?.maxLength ?? 10);

  // Each record once with its VAT number and its contacts or persons, and flags for what the stages
  // decided: the stages below read them from the entry (this runs for 200k+ records; lookups by id in
  // large maps and sets were a good part of it). Ids are keys in both sources; should one repeat
  // anyway, the first record in id order is used.
  const contactsOf = groupBy(input.bob.contacts, (c) => c.companyId);
  const personsOf = groupBy(input.crm.persons, (p) => p.companyId);
  const { entries: bobEntries, byId: bobById } = entriesInIdOrder(input.bob.thirdParties, (party): BobEntry => ({
    party,
    vat: partyVat(party),
    contacts: contactsOf.get(party.id) ?? [],
    fingerprint: undefined,
    noSync: false,
    done: false,
    linked: false,
    excluded: false,
  }));
  const { entries: crmEntries, byId: crmById } = entriesInIdOrder(input.crm.companies, (company): CrmEntry => ({
    company,
    vat: companyVat(company),
    persons: personsOf.get(company.id) ?? [],
    fingerprint: undefined,
    noSync: false,
    done: false,
    linked: false,
    excluded: false,
  }));
  // Codes as CRM companies carry them (comp_bobid), looked up in upper case; built when first needed.
  let bobByCode: Map<string, BobEntry> | undefined;
  const bobWithCode = (code: string): BobEntry | undefined => {
    bobByCode ??= firstBy(bobEntries, (e) => e.party.id.toUpperCase());
    return bobByCode.get(code);
  };

  const mapping = [...input.mapping].sort((a, b) => compareNatural(mappingId(a), mappingId(b)));
  const mapByBob = firstBy(mapping.filter((e) => e.bobId !== ''), (e) => e.bobId);
  // Parties with No sync are settled from the start.
  for (const entry of mapping) {
    if (!entry.noSync) continue;
    const bob = entry.bobId === '' ? undefined : bobById.get(entry.bobId);
    if (bob !== undefined) bob.noSync = bob.done = true;
    const crm = entry.crmId === '' ? undefined : crmById.get(entry.crmId);
    if (crm !== undefined) crm.noSync = crm.done = true;
  }

  const bobSource = (bob: BobEntry): SourceRef => ({
    kind: 'bob',
    id: bob.party.id,
    fingerprint: (bob.fingerprint ??= fingerprintBob(bob.party, bob.contacts)),
  });
  const crmSource = (crm: CrmEntry): SourceRef => ({
    kind: 'crm',
    id: crm.company.id,
    fingerprint: (crm.fingerprint ??= fingerprintCrm(crm.company, crm.persons)),
  });
  const mapSource = (entry: MappingEntry): SourceRef => ({
    kind: 'map',
    id: mappingId(entry),
    fingerprint: fingerprintMapping(entry),
  });
  const bobSources = (bob: BobEntry, crm: readonly CrmEntry[]): SourceRef[] => {
    const sources = [bobSource(bob)];
    for (const c of crm) sources.push(crmSource(c));
    const entry = mapByBob.get(bob.party.id);
    if (entry !== undefined) sources.push(mapSource(entry));
    return sources;
  };

  const excluded: ExcludedRow[] = [];
  const excludeBob = (bob: BobEntry, reason: ExclusionReason, detail = ''): void => {
    const { party } = bob;
    bob.done = true;
    if (bob.excluded) return;
    bob.excluded = true;
    excluded.push({ key: `EXC:B:${party.id}`, side: 'bob', id: party.id, name: party.name, vat: shownVat(bob.vat), reason, detail });
  };
  const excludeCrm = (crm: CrmEntry, reason: ExclusionReason, detail = ''): void => {
    const { company } = crm;
    crm.done = true;
    if (crm.excluded) return;
    crm.excluded = true;
    const row: ExcludedRow = { key: `EXC:C:${company.id}`, side: 'crm', id: company.id, name: company.name, vat: shownVat(crm.vat), reason, detail };
    // The reason code, so that the workbook says what is wrong in its own language.
    if (reason === 'invalid-vat' && crm.vat.status === 'invalid') row.vatReason = crm.vat.reason;
    excluded.push(row);
  };

  const bobToCrm: B2CRow[] = [];
  const b2cRow = (bob: BobEntry, fields: Pick<B2CRow, 'action' | 'crmId' | 'matchedBy' | 'changes' | 'candidates'>, crm: readonly CrmEntry[]): B2CRow => {
    const { party, vat } = bob;
    return {
      key: `B2C:${party.id}`,
      action: fields.action,
      bobId: party.id,
      crmId: fields.crmId,
      name: party.name,
      vat: shownVat(vat),
      vatProblem: vat.status === 'invalid' ? vat.problem : '',
      ...(vat.status === 'invalid' ? { vatReason: vat.reason } : {}),
      postcode: barePostcode(party.postcode),
      city: party.locality,
      contacts: bob.contacts.length,
      matchedBy: fields.matchedBy,
      changes: fields.changes,
      candidates: fields.candidates,
      sources: bobSources(bob, crm),
    };
  };
  const candidate = (crm: CrmEntry, reason: Candidate['reason']): Candidate => ({
    crmId: crm.company.id,
    name: crm.company.name,
    vat: shownVat(crm.vat),
    postcode: barePostcode(crm.company.address?.postcode ?? ''),
    reason,
  });

  // Only customers go from BOB to the CRM; a party that is both customer and supplier is a customer.
  const customers: BobEntry[] = [];
  for (const bob of bobEntries) {
    if (bob.done) continue;
    if (bob.party.isCustomer) customers.push(bob);
    else if (bob.party.isSupplier) excludeBob(bob, 'supplier');
    else excludeBob(bob, 'not-customer', 'neither customer nor supplier');
  }

  const pairs: Array<{ bob: BobEntry; crm: CrmEntry; by: PairedBy }> = [];
  const link = (bob: BobEntry, crm: CrmEntry, by: PairedBy): void => {
    pairs.push({ bob, crm, by });
    bob.linked = bob.done = true;
    crm.done = true;
  };
  /** CRM id → the BOB customers whose Choose row offers it. */
  const offeredTo = new Map<string, string[]>();
  const offerChoice = (bob: BobEntry, offered: readonly CrmEntry[], reason: Candidate['reason'], sharedVatWith: string[] = []): void => {
    bob.done = true;
    for (const crm of offered) {
      crm.done = true;
      push(offeredTo, crm.company.id, bob.party.id);
    }
    const row = b2cRow(bob, { action: 'choose', crmId: '', matchedBy: '', changes: [], candidates: offered.map((c) => candidate(c, reason)) }, offered);
    if (sharedVatWith.length > 0) row.sharedVatWith = sharedVatWith;
    bobToCrm.push(row);
  };

  // (a) Links in the mapping table. When either side no longer exists, the other is unlinked.
  for (const entry of mapping) {
    if (entry.noSync || entry.bobId === '' || entry.crmId === '') continue;
    const bob = bobById.get(entry.bobId);
    const crm = crmById.get(entry.crmId);
    if (bob === undefined || crm === undefined) continue;
    const { party } = bob;
    const { company } = crm;
    if (bob.linked || crm.linked) continue; // a second entry for the same party: the first wins
    crm.linked = true;
    // A link to a party that has No sync in another entry: never synchronise either of them.
    if (bob.noSync) {
      if (!crm.noSync) excludeCrm(crm, 'matches-no-sync', party.id);
    } else if (crm.noSync) {
      if (party.isCustomer) excludeBob(bob, 'matches-no-sync', company.id);
    } else if (!party.isCustomer) {
      excludeCrm(crm, 'matches-bob-supplier', party.id);
    } else {
      link(bob, crm, 'mapping');
    }
  }

  // (a') A CRM company whose comp_bobid names a BOB customer was linked by an earlier synchronisation.
  const claims = new Map<BobEntry, CrmEntry[]>();
  for (const crm of crmEntries) {
    const { company } = crm;
    if (crm.done || crm.linked) continue;
    const code = company.bobId.trim().toUpperCase();
    const bob = code === '' ? undefined : bobWithCode(code);
    if (bob === undefined) continue;
    const { party } = bob;
    if (bob.noSync) excludeCrm(crm, 'matches-no-sync', party.id);
    else if (!party.isCustomer) excludeCrm(crm, 'matches-bob-supplier', party.id);
    else if (bob.done) excludeCrm(crm, 'duplicate-of-linked', party.id);
    else push(claims, bob, crm);
  }
  for (const [bob, claimants] of claims) {
    if (claimants.length === 1) link(bob, claimants[0]!, 'bobid');
    else offerChoice(bob, claimants, 'bobid');
  }

  // (b) A unique VAT match among the records still unlinked.
  const crmByVat = new Map<string, CrmEntry[]>();
  const noSyncCrmByVat = new Map<string, CrmEntry[]>();
  for (const crm of crmEntries) {
    const { vat } = crm;
    if (vat.status !== 'valid') continue;
    if (crm.noSync) push(noSyncCrmByVat, vat.vat, crm);
    else if (!crm.done) push(crmByVat, vat.vat, crm);
  }
  const bobByVat = new Map<string, BobEntry[]>();
  for (const bob of customers) {
    if (!bob.done && bob.vat.status === 'valid') push(bobByVat, bob.vat.vat, bob);
  }
  for (const [vat, sharing] of bobByVat) {
    const matches = crmByVat.get(vat);
    if (matches === undefined) continue;
    // Duplicates on either side: the bookkeeper chooses; one CRM company is linked at most once.
    if (sharing.length === 1 && matches.length === 1) link(sharing[0]!, matches[0]!, 'vat');
    else for (const bob of sharing) offerChoice(bob, matches, 'vat', sharing.filter((other) => other !== bob).map((other) => other.party.id));
  }
  for (const [crmId, bobIds] of offeredTo) excludeCrm(crmById.get(crmId)!, 'candidate-of-choice', bobIds.join(', '));

  // Unmatched customers are created in the CRM; CRM companies with a similar name in the same
  // postcode are shown as possible matches, unless their valid VAT number says they are another company.
  const nameIndex = buildNameIndex(crmEntries.filter((crm) => !crm.done).map((crm) => crm.company));
  for (const bob of customers) {
    if (bob.done) continue;
    const { vat } = bob;
    const noSyncTwins = vat.status === 'valid' ? noSyncCrmByVat.get(vat.vat) : undefined;
    if (noSyncTwins !== undefined) {
      excludeBob(bob, 'matches-no-sync', noSyncTwins.map((c) => c.company.id).join(', '));
      continue;
    }
    const similar = nameIndex
      .find(bob.party.name, bob.party.postcode)
      .map((company) => crmById.get(company.id)!)
      .filter((crm) => vat.status !== 'valid' || crm.vat.status !== 'valid' || crm.vat.vat === vat.vat);
    bobToCrm.push(
      b2cRow(bob, { action: 'create-crm', crmId: '', matchedBy: '', changes: [], candidates: similar.map((c) => candidate(c, 'name')) }, similar),
    );
  }

  // Matched pairs: BOB's values overwrite the CRM's; they never flow back.
  const personalFields = personalFieldRows(input.personalFields, input.personalFieldSettings, input.crm.fields);
  const compared: ComparedPersonalField[] = personalFields
    .filter((row) => row.selected && row.crmField !== '')
    .map((row) => ({ column: row.column, crmField: row.crmField }));
  for (const { bob, crm, by } of pairs) {
    const changes = diffPair(bob.party, bob.contacts, crm.company, crm.persons, compared);
    // A pair the mapping table already links, with nothing to change, needs nothing.
    if (by === 'mapping' && changes.length === 0) {
      excludeBob(bob, 'in-sync', crm.company.id);
      continue;
    }
    const action = changes.length === 0 ? 'link' : 'update-crm';
    bobToCrm.push(b2cRow(bob, { action, crmId: crm.company.id, matchedBy: by, changes, candidates: [] }, [crm]));
  }

  // CRM to BOB: only unmatched companies with BobSync ticked, type Customer and a valid VAT number.
  const bobByVatAll = new Map<string, BobEntry[]>();
  for (const bob of bobEntries) {
    if (bob.vat.status === 'valid') push(bobByVatAll, bob.vat.vat, bob);
  }
  const qualifying: CrmEntry[] = [];
  for (const crm of crmEntries) {
    const { company, vat } = crm;
    if (crm.done) continue;
    // BOB already holds a third party with this VAT number: creating it in BOB would duplicate it.
    const twins = vat.status === 'valid' ? bobByVatAll.get(vat.vat) : undefined;
    if (twins !== undefined) {
      const clash = vatClash(twins);
      excludeCrm(crm, clash.reason, clash.bobIds.join(', '));
    } else if (!company.bobSync) excludeCrm(crm, 'bobsync-unticked', company.type);
    else if (company.type.trim().toLowerCase() !== customerType) excludeCrm(crm, 'not-customer', company.type);
    else if (vat.status === 'empty') excludeCrm(crm, 'no-vat');
    // A number that fails its state's check is never matched; the company is proposed with the
    // problem on its row and Not this time already set: the bookkeeper corrects the number in the
    // CRM, or clears Not this time to create it knowingly.
    else qualifying.push(crm);
  }

  // Proposed codes must not collide with BOB's codes, nor with codes CRM companies already carry
  // (a later analysis would read those as links).
  const taken = new Set<string>(bobEntries.map((e) => e.party.id.toUpperCase()));
  for (const { company } of crmEntries) if (company.bobId.trim() !== '') taken.add(company.bobId.trim().toUpperCase());
  const nextSuffix = new Map<string, number>();
  const proposedForVat = new Map<string, string>();
  const crmToBob: C2BRow[] = [];
  // What BOB would receive is shown with the personal fields as proposed; the reviewer's Sel decides
  // at import which of them travel.
  const travelling = personalFields.filter((row) => row.selected && row.crmField !== '').map((row) => ({ column: row.column, crmField: row.crmField }));
  for (const crm of qualifying) {
    const { company, vat } = crm;
    if (vat.status === 'valid') {
      const first = proposedForVat.get(vat.vat);
      if (first !== undefined) {
        excludeCrm(crm, 'duplicate-in-crm', first);
        continue;
      }
      proposedForVat.set(vat.vat, company.id);
    }
    const newBobId = deriveBobId(company.name, taken, bobIdMaxLength, nextSuffix);
    taken.add(newBobId);
    crmToBob.push({
      key: `C2B:${company.id}`,
      action: 'create-bob',
      crmId: company.id,
      name: company.name,
      vat: vat.status === 'valid' ? vat.vat : vat.status === 'invalid' ? vat.raw : '',
      ...(vat.status === 'invalid' ? { vatProblem: vat.problem, vatReason: vat.reason } : {}),
      postcode: barePostcode(company.address?.postcode ?? ''),
      city: company.address?.city ?? '',
      persons: crm.persons.length,
      newBobId,
      fit: newBobCustomer(newBobId, crm, { customerType: '', travelling, now: '', bobColumns: input.bobColumns }).notes,
      sources: [crmSource(crm)],
    });
  }

  // Every mapping entry is shown, No sync ones included: that is where No sync is undone.
  const mappingRows = new Map<string, MappingRow>();
  for (const entry of mapping) {
    const key = `MAP:${mappingId(entry)}`;
    if (mappingRows.has(key)) continue;
    const name = bobById.get(entry.bobId)?.party.name ?? crmById.get(entry.crmId)?.company.name ?? '';
    mappingRows.set(key, {
      key,
      bobId: entry.bobId,
      crmId: entry.crmId,
      name,
      noSync: entry.noSync,
      linkedAt: entry.linkedAt,
      lastSyncAt: entry.lastSyncAt,
      sources: [mapSource(entry)],
    });
  }

  // What each condition leaves out, as the plan will judge it (the same values, the same test).
  for (const row of personalFields) {
    if (row.condition === '') continue;
    let leavesOut = 0;
    for (const b2c of bobToCrm) {
      const value = bobById.get(b2c.bobId)?.party.personal[row.column] ?? '';
      if (!conditionHolds(row.condition, value, row.value)) leavesOut += 1;
    }
    for (const c2b of crmToBob) {
      const value = row.crmField === '' ? '' : (crmById.get(c2b.crmId)?.company.custom[row.crmField.toLowerCase()] ?? '');
      if (!conditionHolds(row.condition, value, row.value)) leavesOut += 1;
    }
    row.leavesOut = leavesOut;
  }

  return {
    bobToCrm: sortByKey(bobToCrm),
    crmToBob: sortByKey(crmToBob),
    personalFields: sortByKey(personalFields),
    mapping: sortByKey([...mappingRows.values()]),
    excluded: sortByKey(excluded),
  };
}

/** Why a CRM company is not created in BOB although its VAT number is known there. */
function vatClash(twins: readonly BobEntry[]): { reason: ExclusionReason; bobIds: string[] } {
  const noSync = twins.filter((e) => e.noSync);
  if (noSync.length > 0) return { reason: 'matches-no-sync', bobIds: noSync.map((e) => e.party.id) };
  const customers = twins.filter((e) => e.party.isCustomer);
  if (customers.length > 0) return { reason: 'duplicate-of-linked', bobIds: customers.map((e) => e.party.id) };
  return { reason: 'matches-bob-supplier', bobIds: twins.map((e) => e.party.id) };
}

/**
 * One row per configured personal field. A stored setting wins while its CRM field still exists (an
 * empty CRM field is a choice too); otherwise the column is matched to a CRM custom field by name
 * (`comp_<column>`, `comp_<column without leading X>`) or by caption equal to the label, and is
 * selected when matched.
 */
function personalFieldRows(
  configured: readonly PersonalFieldConfig[],
  settings: readonly PersonalFieldSetting[],
  fields: readonly CrmField[],
): PersonalFieldRow[] {
  const fieldByName = firstBy(fields, (f) => f.name.toLowerCase());
  const fieldByCaption = firstBy(fields, (f) => captionKey(f.caption));
  const settingByColumn = firstBy(settings, (s) => s.column.toUpperCase());
  const rows = new Map<string, PersonalFieldRow>();
  for (const pf of configured) {
    const column = pf.column.toUpperCase();
    const key = `PF:${column}`;
    if (rows.has(key)) continue;
    const setting = settingByColumn.get(column);
    const stored = setting === undefined ? undefined : setting.crmField === '' ? null : fieldByName.get(setting.crmField.toLowerCase());
    if (setting !== undefined && stored !== undefined) {
      rows.set(key, {
        key,
        column,
        label: pf.label,
        crmField: stored?.name ?? '',
        crmCaption: stored?.caption ?? '',
        selected: setting.selected,
        condition: setting.condition,
        value: setting.value,
      });
      continue;
    }
    const lower = column.toLowerCase();
    const matched =
      fieldByName.get(`comp_${lower}`) ??
      (lower.startsWith('x') ? fieldByName.get(`comp_${lower.slice(1)}`) : undefined) ??
      (captionKey(pf.label) === '' ? undefined : fieldByCaption.get(captionKey(pf.label)));
    rows.set(key, {
      key,
      column,
      label: pf.label,
      crmField: matched?.name ?? '',
      crmCaption: matched?.caption ?? '',
      selected: matched !== undefined,
      condition: '',
      value: '',
    });
  }
  return [...rows.values()];
}

const captionKey = (text: string): string => foldAccents(text).toLowerCase().replace(/\s+/gu, '');

/** What the workbook shows for a VAT number: normalised when valid, as stored when invalid. */
function shownVat(vat: VatResult): string {
  return vat.status === 'valid' ? vat.vat : vat.status === 'invalid' ? vat.raw : '';
}

/** One entry per record in id order (of a repeated id, the first record), and the entries by id. */
function entriesInIdOrder<T extends { id: string }, E>(records: readonly T[], entryOf: (record: T) => E): { entries: E[]; byId: Map<string, E> } {
  const entries: E[] = [];
  const byId = new Map<string, E>();
  for (const record of [...records].sort((a, b) => compareNatural(a.id, b.id))) {
    if (byId.has(record.id)) continue;
    const entry = entryOf(record);
    entries.push(entry);
    byId.set(record.id, entry);
  }
  return { entries, byId };
}
