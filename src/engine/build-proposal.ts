/**
 * The proposal: from both sides' snapshots and the mapping table, what would be created, updated or
 * linked in each direction, and what is left out and why (DESIGN §2). Pure and deterministic: every
 * loop runs over records sorted by id and every output array is sorted by row key.
 */
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

export interface BuildProposalOptions {
  /** `comp_type` of customers, compared case-insensitively (config `crmSchema.customerType`). Default `Customer`. */
  customerType?: string;
  /** Longest proposed New BOB id. Default 10. */
  bobIdMaxLength?: number;
}

type PairedBy = 'mapping' | 'bobid' | 'vat';

/** Builds the proposal for `input`; the same input always gives the same (deep-equal) proposal. */
export function buildProposal(input: AnalysisInput, options: BuildProposalOptions = {}): Proposal {
  const customerType = (options.customerType ?? 'Customer').trim().toLowerCase();
  const bobIdMaxLength = options.bobIdMaxLength ?? 10;

  // Ids are keys in both sources; should one repeat anyway, the first record in id order is used.
  const partyById = firstBy(byId(input.bob.thirdParties), (p) => p.id);
  const companyById = firstBy(byId(input.crm.companies), (c) => c.id);
  const parties = [...partyById.values()];
  const companies = [...companyById.values()];
  const partyByCode = firstBy(parties, (p) => p.id.toUpperCase());
  const contactsOf = groupBy(input.bob.contacts, (c) => c.companyId);
  const personsOf = groupBy(input.crm.persons, (p) => p.companyId);
  const contactsFor = (id: string): BobContact[] => contactsOf.get(id) ?? [];
  const personsFor = (id: string): CrmPerson[] => personsOf.get(id) ?? [];

  const mapping = [...input.mapping].sort((a, b) => compareNatural(mappingId(a), mappingId(b)));
  const mapByBob = firstBy(mapping.filter((e) => e.bobId !== ''), (e) => e.bobId);
  const noSyncBob = new Set(mapping.filter((e) => e.noSync && e.bobId !== '').map((e) => e.bobId));
  const noSyncCrm = new Set(mapping.filter((e) => e.noSync && e.crmId !== '').map((e) => e.crmId));

  const bobVatOf = new Map<string, VatResult>(parties.map((p) => [p.id, partyVat(p)]));
  const crmVatOf = new Map<string, VatResult>(companies.map((c) => [c.id, companyVat(c)]));
  const bobVatFor = (party: BobThirdParty): VatResult => bobVatOf.get(party.id)!;
  const crmVatFor = (company: CrmCompany): VatResult => crmVatOf.get(company.id)!;

  const bobFingerprints = new Map<string, string>();
  const crmFingerprints = new Map<string, string>();
  const bobSource = (party: BobThirdParty): SourceRef => ({
    kind: 'bob',
    id: party.id,
    fingerprint: memo(bobFingerprints, party.id, () => fingerprintBob(party, contactsFor(party.id))),
  });
  const crmSource = (company: CrmCompany): SourceRef => ({
    kind: 'crm',
    id: company.id,
    fingerprint: memo(crmFingerprints, company.id, () => fingerprintCrm(company, personsFor(company.id))),
  });
  const mapSource = (entry: MappingEntry): SourceRef => ({
    kind: 'map',
    id: mappingId(entry),
    fingerprint: fingerprintMapping(entry),
  });
  const bobSources = (party: BobThirdParty, crm: readonly CrmCompany[]): SourceRef[] => {
    const entry = mapByBob.get(party.id);
    return [bobSource(party), ...crm.map(crmSource), ...(entry === undefined ? [] : [mapSource(entry)])];
  };

  // Parties settled (linked, excluded, offered as a choice, or No sync) leave later stages alone.
  const bobDone = new Set<string>(noSyncBob);
  const crmDone = new Set<string>(noSyncCrm);
  const excluded = new Map<string, ExcludedRow>();
  const excludeBob = (party: BobThirdParty, reason: ExclusionReason, detail = ''): void => {
    bobDone.add(party.id);
    const key = `EXC:B:${party.id}`;
    if (!excluded.has(key)) {
      excluded.set(key, { key, side: 'bob', id: party.id, name: party.name, vat: shownVat(bobVatFor(party)), reason, detail });
    }
  };
  const excludeCrm = (company: CrmCompany, reason: ExclusionReason, detail = ''): void => {
    crmDone.add(company.id);
    const key = `EXC:C:${company.id}`;
    if (!excluded.has(key)) {
      excluded.set(key, { key, side: 'crm', id: company.id, name: company.name, vat: shownVat(crmVatFor(company)), reason, detail });
    }
  };

  const bobToCrm: B2CRow[] = [];
  const b2cRow = (party: BobThirdParty, fields: Pick<B2CRow, 'action' | 'crmId' | 'matchedBy' | 'changes' | 'candidates'>, crm: readonly CrmCompany[]): B2CRow => {
    const vat = bobVatFor(party);
    return {
      key: `B2C:${party.id}`,
      action: fields.action,
      bobId: party.id,
      crmId: fields.crmId,
      name: party.name,
      vat: shownVat(vat),
      vatProblem: vat.status === 'invalid' ? vat.problem : '',
      postcode: barePostcode(party.postcode),
      city: party.locality,
      contacts: contactsFor(party.id).length,
      matchedBy: fields.matchedBy,
      changes: fields.changes,
      candidates: fields.candidates,
      sources: bobSources(party, crm),
    };
  };
  const candidate = (company: CrmCompany, reason: Candidate['reason']): Candidate => ({
    crmId: company.id,
    name: company.name,
    vat: shownVat(crmVatFor(company)),
    postcode: barePostcode(company.address?.postcode ?? ''),
    reason,
  });

  // Only customers go from BOB to the CRM; a party that is both customer and supplier is a customer.
  const customers: BobThirdParty[] = [];
  for (const party of parties) {
    if (bobDone.has(party.id)) continue;
    if (party.isCustomer) customers.push(party);
    else if (party.isSupplier) excludeBob(party, 'supplier');
    else excludeBob(party, 'not-customer', 'neither customer nor supplier');
  }

  const pairs: Array<{ party: BobThirdParty; company: CrmCompany; by: PairedBy }> = [];
  const linkedBob = new Set<string>();
  const link = (party: BobThirdParty, company: CrmCompany, by: PairedBy): void => {
    pairs.push({ party, company, by });
    linkedBob.add(party.id);
    bobDone.add(party.id);
    crmDone.add(company.id);
  };
  /** CRM id → the BOB customers whose Choose row offers it. */
  const offeredTo = new Map<string, string[]>();
  const offerChoice = (party: BobThirdParty, offered: readonly CrmCompany[], reason: Candidate['reason']): void => {
    bobDone.add(party.id);
    for (const company of offered) {
      crmDone.add(company.id);
      push(offeredTo, company.id, party.id);
    }
    bobToCrm.push(b2cRow(party, { action: 'choose', crmId: '', matchedBy: '', changes: [], candidates: offered.map((c) => candidate(c, reason)) }, offered));
  };

  // (a) Links in the mapping table. When either side no longer exists, the other is unlinked.
  const linkedCrm = new Set<string>();
  for (const entry of mapping) {
    if (entry.noSync || entry.bobId === '' || entry.crmId === '') continue;
    const party = partyById.get(entry.bobId);
    const company = companyById.get(entry.crmId);
    if (party === undefined || company === undefined) continue;
    if (linkedBob.has(party.id) || linkedCrm.has(company.id)) continue; // a second entry for the same party: the first wins
    linkedCrm.add(company.id);
    // A link to a party that has No sync in another entry: never synchronise either of them.
    if (noSyncBob.has(party.id)) {
      if (!noSyncCrm.has(company.id)) excludeCrm(company, 'matches-no-sync', party.id);
    } else if (noSyncCrm.has(company.id)) {
      if (party.isCustomer) excludeBob(party, 'matches-no-sync', company.id);
    } else if (!party.isCustomer) {
      excludeCrm(company, 'matches-bob-supplier', party.id);
    } else {
      link(party, company, 'mapping');
    }
  }

  // (a') A CRM company whose comp_bobid names a BOB customer was linked by an earlier synchronisation.
  const claims = new Map<string, CrmCompany[]>();
  for (const company of companies) {
    if (crmDone.has(company.id) || linkedCrm.has(company.id)) continue;
    const code = company.bobId.trim().toUpperCase();
    const party = code === '' ? undefined : partyByCode.get(code);
    if (party === undefined) continue;
    if (noSyncBob.has(party.id)) excludeCrm(company, 'matches-no-sync', party.id);
    else if (!party.isCustomer) excludeCrm(company, 'matches-bob-supplier', party.id);
    else if (bobDone.has(party.id)) excludeCrm(company, 'duplicate-of-linked', party.id);
    else push(claims, party.id, company);
  }
  for (const [bobId, claimants] of claims) {
    const party = partyById.get(bobId)!;
    if (claimants.length === 1) link(party, claimants[0]!, 'bobid');
    else offerChoice(party, claimants, 'bobid');
  }

  // (b) A unique VAT match among the records still unlinked.
  const crmByVat = new Map<string, CrmCompany[]>();
  const noSyncCrmByVat = new Map<string, CrmCompany[]>();
  for (const company of companies) {
    const vat = crmVatFor(company);
    if (vat.status !== 'valid') continue;
    if (noSyncCrm.has(company.id)) push(noSyncCrmByVat, vat.vat, company);
    else if (!crmDone.has(company.id)) push(crmByVat, vat.vat, company);
  }
  const bobByVat = new Map<string, BobThirdParty[]>();
  for (const party of customers) {
    const vat = bobVatFor(party);
    if (!bobDone.has(party.id) && vat.status === 'valid') push(bobByVat, vat.vat, party);
  }
  for (const [vat, sharing] of bobByVat) {
    const matches = crmByVat.get(vat);
    if (matches === undefined) continue;
    // Duplicates on either side: the bookkeeper chooses; one CRM company is linked at most once.
    if (sharing.length === 1 && matches.length === 1) link(sharing[0]!, matches[0]!, 'vat');
    else for (const party of sharing) offerChoice(party, matches, 'vat');
  }
  for (const [crmId, bobIds] of offeredTo) excludeCrm(companyById.get(crmId)!, 'candidate-of-choice', bobIds.join(', '));

  // Unmatched customers are created in the CRM; CRM companies with a similar name in the same
  // postcode are shown as possible matches, unless their valid VAT number says they are another company.
  const nameIndex = buildNameIndex(companies.filter((c) => !crmDone.has(c.id)));
  for (const party of customers) {
    if (bobDone.has(party.id)) continue;
    const vat = bobVatFor(party);
    const noSyncTwins = vat.status === 'valid' ? noSyncCrmByVat.get(vat.vat) : undefined;
    if (noSyncTwins !== undefined) {
      excludeBob(party, 'matches-no-sync', noSyncTwins.map((c) => c.id).join(', '));
      continue;
    }
    const similar = nameIndex.find(party.name, party.postcode).filter((company) => {
      const other = crmVatFor(company);
      return vat.status !== 'valid' || other.status !== 'valid' || other.vat === vat.vat;
    });
    bobToCrm.push(
      b2cRow(party, { action: 'create-crm', crmId: '', matchedBy: '', changes: [], candidates: similar.map((c) => candidate(c, 'name')) }, similar),
    );
  }

  // Matched pairs: BOB's values overwrite the CRM's; they never flow back.
  const personalFields = personalFieldRows(input.personalFields, input.personalFieldSettings, input.crm.fields);
  const compared: ComparedPersonalField[] = personalFields
    .filter((row) => row.selected && row.crmField !== '')
    .map((row) => ({ column: row.column, crmField: row.crmField }));
  for (const { party, company, by } of pairs) {
    const changes = diffPair(party, contactsFor(party.id), company, personsFor(company.id), compared);
    // A pair the mapping table already links, with nothing to change, needs nothing.
    if (by === 'mapping' && changes.length === 0) {
      excludeBob(party, 'in-sync', company.id);
      continue;
    }
    const action = changes.length === 0 ? 'link' : 'update-crm';
    bobToCrm.push(b2cRow(party, { action, crmId: company.id, matchedBy: by, changes, candidates: [] }, [company]));
  }

  // CRM to BOB: only unmatched companies with BobSync ticked, type Customer and a valid VAT number.
  const bobPartiesByVat = new Map<string, BobThirdParty[]>();
  for (const party of parties) {
    const vat = bobVatFor(party);
    if (vat.status === 'valid') push(bobPartiesByVat, vat.vat, party);
  }
  const qualifying: CrmCompany[] = [];
  for (const company of companies) {
    if (crmDone.has(company.id)) continue;
    const vat = crmVatFor(company);
    // BOB already holds a third party with this VAT number: creating it in BOB would duplicate it.
    const twins = vat.status === 'valid' ? bobPartiesByVat.get(vat.vat) : undefined;
    if (twins !== undefined) {
      const clash = vatClash(twins, noSyncBob);
      excludeCrm(company, clash.reason, clash.bobIds.join(', '));
    } else if (!company.bobSync) excludeCrm(company, 'bobsync-unticked', company.type);
    else if (company.type.trim().toLowerCase() !== customerType) excludeCrm(company, 'not-customer', company.type);
    else if (vat.status === 'empty') excludeCrm(company, 'no-vat');
    else if (vat.status === 'invalid') excludeCrm(company, 'invalid-vat', vat.problem);
    else qualifying.push(company);
  }

  // Proposed codes must not collide with BOB's codes, nor with codes CRM companies already carry
  // (a later analysis would read those as links).
  const taken = new Set<string>(parties.map((p) => p.id.toUpperCase()));
  for (const company of companies) if (company.bobId.trim() !== '') taken.add(company.bobId.trim().toUpperCase());
  const nextSuffix = new Map<string, number>();
  const proposedForVat = new Map<string, string>();
  const crmToBob: C2BRow[] = [];
  for (const company of qualifying) {
    const vat = crmVatFor(company) as Extract<VatResult, { status: 'valid' }>;
    const first = proposedForVat.get(vat.vat);
    if (first !== undefined) {
      excludeCrm(company, 'duplicate-in-crm', first);
      continue;
    }
    proposedForVat.set(vat.vat, company.id);
    const newBobId = deriveBobId(company.name, taken, bobIdMaxLength, nextSuffix);
    taken.add(newBobId);
    crmToBob.push({
      key: `C2B:${company.id}`,
      action: 'create-bob',
      crmId: company.id,
      name: company.name,
      vat: vat.vat,
      postcode: barePostcode(company.address?.postcode ?? ''),
      city: company.address?.city ?? '',
      persons: personsFor(company.id).length,
      newBobId,
      sources: [crmSource(company)],
    });
  }

  // Every mapping entry is shown, No sync ones included: that is where No sync is undone.
  const mappingRows = new Map<string, MappingRow>();
  for (const entry of mapping) {
    const key = `MAP:${mappingId(entry)}`;
    if (mappingRows.has(key)) continue;
    const name = partyById.get(entry.bobId)?.name ?? companyById.get(entry.crmId)?.name ?? '';
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

  return {
    bobToCrm: sortByKey(bobToCrm),
    crmToBob: sortByKey(crmToBob),
    personalFields: sortByKey(personalFields),
    mapping: sortByKey([...mappingRows.values()]),
    excluded: sortByKey([...excluded.values()]),
  };
}

/** Why a CRM company is not created in BOB although its VAT number is known there. */
function vatClash(twins: readonly BobThirdParty[], noSyncBob: ReadonlySet<string>): { reason: ExclusionReason; bobIds: string[] } {
  const noSync = twins.filter((p) => noSyncBob.has(p.id));
  if (noSync.length > 0) return { reason: 'matches-no-sync', bobIds: noSync.map((p) => p.id) };
  const customers = twins.filter((p) => p.isCustomer);
  if (customers.length > 0) return { reason: 'duplicate-of-linked', bobIds: customers.map((p) => p.id) };
  return { reason: 'matches-bob-supplier', bobIds: twins.map((p) => p.id) };
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

function byId<T extends { id: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => compareNatural(a.id, b.id));
}

function memo(cache: Map<string, string>, key: string, compute: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}
