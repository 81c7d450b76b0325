/**
 * The plan: from the registered proposal rows, the reviewer's decisions and records read again just
 * before applying, the operations to run (DESIGN §3, §7). Pure: no I/O, no clock (`now` is an
 * argument). A row whose source records changed since the export is stale and gets no operation;
 * the values written always come from the fresh records (BOB wins), never from the workbook.
 */
import { firstBy, groupBy } from './collections.js';
import { compareNatural } from './compare-natural.js';
import type { Decisions, RowDecision } from './decisions.js';
import { diffPair, type ComparedPersonalField } from './diff-pair.js';
import { fingerprintBob, fingerprintCrm, fingerprintMapping } from './fingerprint.js';
import type {
  B2CRow,
  BobContact,
  BobThirdParty,
  C2BRow,
  ConditionOperator,
  CrmAddress,
  CrmCompany,
  CrmPerson,
  ExcludedRow,
  FieldChange,
  MappingEntry,
  MappingRow,
  PersonalFieldConfig,
  PersonalFieldRow,
  PersonalFieldSetting,
  SourceRef,
} from './model.js';
import { mappingId } from './model.js';
import { barePostcode, normaliseCountry, normaliseText } from './normalise.js';
import { bobVat, normaliseVat } from './vat.js';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

export type EngineRow = B2CRow | C2BRow | PersonalFieldRow | MappingRow | ExcludedRow;

/** A registered proposal row: its key, sheet, the engine row as proposed and its source fingerprints. */
export interface PlanRow {
  key: string;
  /** Sheet key: `bobToCrm`, `crmToBob`, `personalFields`, `mapping` (`excluded` rows are ignored). */
  sheet: string;
  payload: EngineRow;
  sources: SourceRef[];
}

export interface BobRecord {
  party: BobThirdParty;
  contacts: BobContact[];
}

export interface CrmRecord {
  company: CrmCompany;
  persons: CrmPerson[];
}

/** The records read again for the rows concerned (see `recordsToRead`), and the whole mapping table. */
export interface FreshRecords {
  /** By BOB code (upper case). */
  bob: Map<string, BobRecord>;
  /** By CRM company id. */
  crm: Map<string, CrmRecord>;
  mapping: MappingEntry[];
}

export interface PlanInput {
  proposalRows: PlanRow[];
  decisions: Decisions;
  fresh: FreshRecords;
  /** Personal fields named in the configuration now; a proposed one no longer configured is stale. */
  personalFields: PersonalFieldConfig[];
  /** `comp_type` given to companies created in the CRM. Default `Customer`. */
  customerType?: string;
  /**
   * Rows with journal entries from an earlier run of this proposal. They were checked when that run
   * started and are finished now: their own writes changed their fingerprints, so they are not judged
   * stale again, and the condition is not evaluated again.
   */
  resumedRows?: ReadonlySet<string>;
  /** ISO time written in the mapping table. */
  now: string;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

// What operations write, in engine field names: derived from the snapshot types, as the CRM
// port's `CompanyWrite`, `AddressWrite` and `PersonWrite` are; only the keys present are written.
/** Values written on a CRM company (its status is never written). */
export type CrmCompanyValues = Partial<Omit<CrmCompany, 'id' | 'status' | 'address'>>;
export type CrmAddressValues = Partial<Omit<CrmAddress, 'id'>>;
export type CrmPersonValues = Partial<Omit<CrmPerson, 'id' | 'companyId'>>;

interface OperationBase {
  /** `<row key>#<step>`: stable for a proposal, so a rerun recognises what an earlier run did. */
  opId: string;
  rowKey: string;
  /** Operations of the same row that must have been applied first. */
  dependsOn: string[];
}

/** Creates a company with its address and persons; `company.bobId` is set so a lost answer can be found again. */
export interface CrmCreateCompanyOp extends OperationBase {
  kind: 'crm-create-company';
  bobId: string;
  company: CrmCompanyValues;
  address: CrmAddressValues | null;
  persons: CrmPersonValues[];
}

/** Writes BOB's changed values on a linked company, its address, and the persons the CRM lacks. */
export interface CrmUpdateCompanyOp extends OperationBase {
  kind: 'crm-update-company';
  crmId: string;
  bobId: string;
  /** Changed fields only, plus `bobId` when the CRM does not carry it yet. */
  company: CrmCompanyValues;
  /** `id` empty: the company has no address yet and one is created. */
  address: { id: string; values: CrmAddressValues } | null;
  persons: CrmPersonValues[];
  /** The changes as the engine describes them (for the report). */
  changes: FieldChange[];
}

/** Stores the BOB code in `comp_bobid`; `crmId` empty means: the id another operation of the row produced. */
export interface CrmSetBobIdOp extends OperationBase {
  kind: 'crm-set-bobid';
  crmId: string;
  bobId: string;
}

/** Inserts a customer and its contact persons in BOB, in one transaction. */
export interface BobInsertCustomerOp extends OperationBase {
  kind: 'bob-insert-customer';
  party: BobThirdParty;
  contacts: BobContact[];
}

/** Records a link; `entry.crmId` empty and `crmIdFrom` set: the CRM id comes from that create operation. */
export interface MapLinkOp extends OperationBase {
  kind: 'map-link';
  entry: MappingEntry;
  crmIdFrom?: string;
}

export interface MapNoSyncOp extends OperationBase {
  kind: 'map-nosync';
  entry: MappingEntry;
}

/** Unticks No sync: the entry stays (flag cleared) when it links both sides, else it is deleted. */
export interface MapClearNoSyncOp extends OperationBase {
  kind: 'map-clear-nosync';
  entry: MappingEntry;
  remove: boolean;
}

export interface PfSaveOp extends OperationBase {
  kind: 'pf-save';
  setting: PersonalFieldSetting;
}

export type Operation =
  | CrmCreateCompanyOp
  | CrmUpdateCompanyOp
  | CrmSetBobIdOp
  | BobInsertCustomerOp
  | MapLinkOp
  | MapNoSyncOp
  | MapClearNoSyncOp
  | PfSaveOp;

export type OperationKind = Operation['kind'];

export type SkipReason =
  | 'no sync'
  | 'not this time'
  | 'stale'
  | 'needs a choice'
  | 'deleted'
  | 'unchanged'
  | `condition ${string}`;

export interface SkippedRow {
  rowKey: string;
  sheet: string;
  reason: SkipReason;
  /** Why, in a sentence (for stale rows: which record changed). */
  detail: string;
}

export interface MappingChange {
  rowKey: string;
  change: 'link' | 'no sync' | 'clear no sync' | 'remove';
  bobId: string;
  /** Empty for a link to a company still to be created. */
  crmId: string;
}

export interface Plan {
  operations: Operation[];
  /**
   * Rows not applied, and why. A No sync row is listed here and still has its `map-nosync`
   * operation: the flag is stored, the third party is not synchronised.
   */
  skipped: SkippedRow[];
  mappingChanges: MappingChange[];
  /** Personal field settings to save. */
  settings: PersonalFieldSetting[];
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/** The effective setting of one personal field for this run. */
interface FieldSetting {
  column: string;
  crmField: string;
  selected: boolean;
  condition: ConditionOperator | '';
  value: string;
}

interface Context {
  fresh: FreshRecords;
  now: string;
  customerType: string;
  compared: ComparedPersonalField[];
  /** Selected fields with a CRM field: their values travel. */
  travelling: FieldSetting[];
  conditions: FieldSetting[];
  mapById: Map<string, MappingEntry>;
  mapByBob: Map<string, MappingEntry>;
  mapByCrm: Map<string, MappingEntry[]>;
}

/** Builds the plan; never throws for one row: a row that cannot be applied is skipped with a reason. */
export function buildPlan(input: PlanInput): Plan {
  const plan: Plan = { operations: [], skipped: [], mappingChanges: [], settings: [] };
  const resumed = input.resumedRows ?? new Set<string>();
  const rows = input.proposalRows.filter((row) => row.sheet !== 'excluded');

  // Personal fields first: their Sel and condition decide what the other rows write and skip.
  const configured = new Set(input.personalFields.map((field) => field.column.toUpperCase()));
  const fieldSettings: FieldSetting[] = [];
  for (const row of rows) {
    if (row.sheet !== 'personalFields') continue;
    const proposed = row.payload as PersonalFieldRow;
    const decision = input.decisions.rows.get(row.key);
    const setting: FieldSetting =
      decision === undefined
        ? { column: proposed.column, crmField: proposed.crmField, selected: proposed.selected, condition: proposed.condition, value: proposed.value }
        : { column: proposed.column, crmField: decision.crmField, selected: decision.sel, condition: decision.condition, value: decision.value };
    if (!configured.has(proposed.column.toUpperCase())) {
      plan.skipped.push(skip(row, 'stale', `the personal field ${proposed.column} is no longer in the configuration`));
      continue;
    }
    fieldSettings.push(setting);
    if (decision === undefined) {
      plan.skipped.push(skip(row, 'deleted', 'the row was deleted from the workbook; its proposed setting is used in this run but not saved'));
      continue;
    }
    const saved: PersonalFieldSetting = { ...setting, column: setting.column.toUpperCase() };
    plan.settings.push(saved);
    plan.operations.push({ opId: `${row.key}#pf-save`, rowKey: row.key, dependsOn: [], kind: 'pf-save', setting: saved });
  }

  const sortedMapping = [...input.fresh.mapping].sort((a, b) => compareNatural(mappingId(a), mappingId(b)));
  const ctx: Context = {
    fresh: input.fresh,
    now: input.now,
    customerType: input.customerType ?? 'Customer',
    compared: fieldSettings.filter((s) => s.selected && s.crmField !== '').map((s) => ({ column: s.column.toUpperCase(), crmField: s.crmField })),
    travelling: fieldSettings.filter((s) => s.selected && s.crmField !== ''),
    conditions: fieldSettings.filter((s) => s.condition !== ''),
    mapById: firstBy(sortedMapping, mappingId),
    mapByBob: firstBy(sortedMapping.filter((e) => e.bobId !== ''), (e) => e.bobId),
    mapByCrm: groupBy(sortedMapping.filter((e) => e.crmId !== ''), (e) => e.crmId),
  };

  for (const row of rows) {
    if (row.sheet === 'personalFields') continue;
    const decision = input.decisions.rows.get(row.key);
    if (decision === undefined) {
      plan.skipped.push(skip(row, 'deleted', 'the row was deleted from the workbook'));
      continue;
    }
    const isResumed = resumed.has(row.key);
    if (row.sheet === 'bobToCrm') planBobToCrm(row, row.payload as B2CRow, decision, isResumed, ctx, plan);
    else if (row.sheet === 'crmToBob') planCrmToBob(row, row.payload as C2BRow, decision, isResumed, ctx, plan);
    else if (row.sheet === 'mapping') planMappingRow(row, row.payload as MappingRow, decision, isResumed, ctx, plan);
  }
  return plan;
}

/**
 * The decisions every direction row shares: No sync (recorded with `noSyncEntry`), Not this time,
 * and staleness (not judged again for a row an earlier run already started). False when the row
 * stops here, its skip or mapping change already in `plan`.
 */
function goesAhead(row: PlanRow, decision: RowDecision, resumed: boolean, noSyncEntry: MappingEntry, ctx: Context, plan: Plan): boolean {
  if (decision.noSync) {
    noSync(row, noSyncEntry, plan);
    return false;
  }
  if (decision.notThisTime) {
    plan.skipped.push(skip(row, 'not this time', 'Not this time: proposed again next time'));
    return false;
  }
  if (!resumed) {
    const stale = staleReason(row, ctx);
    if (stale !== null) {
      plan.skipped.push(skip(row, 'stale', stale));
      return false;
    }
  }
  return true;
}

function planBobToCrm(row: PlanRow, proposed: B2CRow, decision: RowDecision, resumed: boolean, ctx: Context, plan: Plan): void {
  const bobId = proposed.bobId;
  // No sync on the BOB side only: a pair that is not linked yet stays unlinked, and the engine also
  // leaves out any CRM company whose VAT number matches a No sync customer.
  const existing = ctx.mapByBob.get(bobId);
  if (!goesAhead(row, decision, resumed, existing !== undefined ? { ...existing, noSync: true } : emptyEntry({ bobId }), ctx, plan)) return;
  const bob = ctx.fresh.bob.get(bobId);
  if (bob === undefined) {
    plan.skipped.push(skip(row, 'stale', `BOB third party ${bobId} no longer exists`));
    return;
  }
  if (!resumed) {
    const failed = failedCondition(ctx, (setting) => bob.party.personal[setting.column.toUpperCase()] ?? '');
    if (failed !== null) {
      plan.skipped.push(skip(row, `condition ${failed.column}`, conditionText(failed, bob.party.personal[failed.column.toUpperCase()] ?? '')));
      return;
    }
  }

  let target: string | 'new';
  if (proposed.action === 'choose') {
    const chosen = decision.linkToCrmId.trim();
    if (chosen === '') {
      plan.skipped.push(skip(row, 'needs a choice', 'choose a CRM id among the candidates, or "new", in Link to CRM id'));
      return;
    }
    target = chosen.toLowerCase() === 'new' ? 'new' : chosen;
  } else if (proposed.action === 'create-crm') {
    const chosen = decision.linkToCrmId.trim();
    target = chosen === '' || chosen.toLowerCase() === 'new' ? 'new' : chosen;
  } else {
    target = proposed.crmId;
  }

  if (target === 'new') {
    planCreate(row, bob, ctx, plan);
    return;
  }
  const crm = ctx.fresh.crm.get(target);
  if (crm === undefined) {
    plan.skipped.push(skip(row, 'stale', `CRM company ${target} no longer exists`));
    return;
  }
  planPair(row, bob, crm, ctx, plan);
}

function planCreate(row: PlanRow, bob: BobRecord, ctx: Context, plan: Plan): void {
  const { party, contacts } = bob;
  const createId = `${row.key}#create-company`;
  plan.operations.push({
    opId: createId,
    rowKey: row.key,
    dependsOn: [],
    kind: 'crm-create-company',
    bobId: party.id,
    company: createdCompanyValues(party, ctx),
    address: createdAddressValues(party),
    persons: uniqueContacts(contacts).map(personValues),
  });
  const entry: MappingEntry = { bobId: party.id, crmId: '', noSync: false, linkedAt: ctx.now, lastSyncAt: ctx.now };
  plan.operations.push({ opId: `${row.key}#link`, rowKey: row.key, dependsOn: [createId], kind: 'map-link', entry, crmIdFrom: createId });
  plan.mappingChanges.push({ rowKey: row.key, change: 'link', bobId: party.id, crmId: '' });
}

function planPair(row: PlanRow, bob: BobRecord, crm: CrmRecord, ctx: Context, plan: Plan): void {
  const { party, contacts } = bob;
  const { company, persons } = crm;
  const changes = diffPair(party, contacts, company, persons, ctx.compared);
  const write = updateValues(changes, bob, crm, ctx);
  const needsBobId = company.bobId.trim().toUpperCase() !== party.id.toUpperCase();
  const dependsOn: string[] = [];
  const hasUpdate = Object.keys(write.company).length > 0 || write.address !== null || write.persons.length > 0;
  if (hasUpdate) {
    const opId = `${row.key}#update-company`;
    plan.operations.push({
      opId,
      rowKey: row.key,
      dependsOn: [],
      kind: 'crm-update-company',
      crmId: company.id,
      bobId: party.id,
      company: needsBobId ? { ...write.company, bobId: party.id } : write.company,
      address: write.address,
      persons: write.persons,
      changes,
    });
    dependsOn.push(opId);
  } else if (needsBobId) {
    const opId = `${row.key}#set-bobid`;
    plan.operations.push({ opId, rowKey: row.key, dependsOn: [], kind: 'crm-set-bobid', crmId: company.id, bobId: party.id });
    dependsOn.push(opId);
  }
  const existing = ctx.mapByBob.get(party.id);
  const linkedAt = existing !== undefined && existing.crmId === company.id && existing.linkedAt !== '' ? existing.linkedAt : ctx.now;
  const entry: MappingEntry = { bobId: party.id, crmId: company.id, noSync: false, linkedAt, lastSyncAt: ctx.now };
  plan.operations.push({ opId: `${row.key}#link`, rowKey: row.key, dependsOn, kind: 'map-link', entry });
  plan.mappingChanges.push({ rowKey: row.key, change: 'link', bobId: party.id, crmId: company.id });
}

function planCrmToBob(row: PlanRow, proposed: C2BRow, decision: RowDecision, resumed: boolean, ctx: Context, plan: Plan): void {
  const crmId = proposed.crmId;
  const existing = ctx.mapByCrm.get(crmId)?.[0];
  if (!goesAhead(row, decision, resumed, existing !== undefined ? { ...existing, noSync: true } : emptyEntry({ crmId }), ctx, plan)) return;
  const crm = ctx.fresh.crm.get(crmId);
  if (crm === undefined) {
    plan.skipped.push(skip(row, 'stale', `CRM company ${crmId} no longer exists`));
    return;
  }
  // The value the new BOB customer would have: the CRM field the personal field is matched to.
  const valueOf = (setting: FieldSetting): string => (setting.crmField === '' ? '' : crm.company.custom[setting.crmField.toLowerCase()] ?? '');
  if (!resumed) {
    const failed = failedCondition(ctx, valueOf);
    if (failed !== null) {
      plan.skipped.push(skip(row, `condition ${failed.column}`, conditionText(failed, valueOf(failed))));
      return;
    }
  }
  const bobId = (decision.newBobId.trim() || proposed.newBobId).toUpperCase();
  const { party, contacts } = newBobCustomer(bobId, crm, ctx);
  const insertId = `${row.key}#insert-customer`;
  const setId = `${row.key}#set-bobid`;
  plan.operations.push({ opId: insertId, rowKey: row.key, dependsOn: [], kind: 'bob-insert-customer', party, contacts });
  plan.operations.push({ opId: setId, rowKey: row.key, dependsOn: [insertId], kind: 'crm-set-bobid', crmId, bobId });
  const entry: MappingEntry = { bobId, crmId, noSync: false, linkedAt: ctx.now, lastSyncAt: ctx.now };
  plan.operations.push({ opId: `${row.key}#link`, rowKey: row.key, dependsOn: [insertId, setId], kind: 'map-link', entry });
  plan.mappingChanges.push({ rowKey: row.key, change: 'link', bobId, crmId });
}

function planMappingRow(row: PlanRow, proposed: MappingRow, decision: RowDecision, resumed: boolean, ctx: Context, plan: Plan): void {
  if (decision.noSync === proposed.noSync) {
    plan.skipped.push(skip(row, 'unchanged', ''));
    return;
  }
  if (!resumed) {
    const stale = staleReason(row, ctx);
    if (stale !== null) {
      plan.skipped.push(skip(row, 'stale', stale));
      return;
    }
  }
  const current = ctx.mapById.get(mappingId(proposed)) ?? emptyEntry({ bobId: proposed.bobId, crmId: proposed.crmId });
  if (decision.noSync) {
    plan.operations.push({ opId: `${row.key}#nosync`, rowKey: row.key, dependsOn: [], kind: 'map-nosync', entry: { ...current, noSync: true } });
    plan.mappingChanges.push({ rowKey: row.key, change: 'no sync', bobId: proposed.bobId, crmId: proposed.crmId });
    return;
  }
  // An unlinked entry exists only to carry No sync: without it, it goes.
  const remove = proposed.bobId === '' || proposed.crmId === '';
  plan.operations.push({
    opId: `${row.key}#clear-nosync`,
    rowKey: row.key,
    dependsOn: [],
    kind: 'map-clear-nosync',
    entry: { ...current, noSync: false },
    remove,
  });
  plan.mappingChanges.push({ rowKey: row.key, change: remove ? 'remove' : 'clear no sync', bobId: proposed.bobId, crmId: proposed.crmId });
}

function noSync(row: PlanRow, entry: MappingEntry, plan: Plan): void {
  plan.operations.push({ opId: `${row.key}#nosync`, rowKey: row.key, dependsOn: [], kind: 'map-nosync', entry });
  plan.mappingChanges.push({ rowKey: row.key, change: 'no sync', bobId: entry.bobId, crmId: entry.crmId });
  plan.skipped.push(skip(row, 'no sync', 'No sync: stored in the mapping table, never synchronised'));
}

// ---------------------------------------------------------------------------------------------
// Staleness
// ---------------------------------------------------------------------------------------------

/**
 * Why the row is stale, or null: a source record changed or disappeared, or a mapping entry that
 * would have changed the proposal appeared (a link or No sync for the row's BOB or CRM records).
 */
export function staleReason(row: PlanRow, ctx: Pick<Context, 'fresh' | 'mapById' | 'mapByBob' | 'mapByCrm'>): string | null {
  for (const ref of row.sources) {
    if (ref.kind === 'bob') {
      const record = ctx.fresh.bob.get(ref.id);
      if (record === undefined) return `BOB third party ${ref.id} no longer exists`;
      if (fingerprintBob(record.party, record.contacts) !== ref.fingerprint) return `BOB third party ${ref.id} changed since the export`;
    } else if (ref.kind === 'crm') {
      const record = ctx.fresh.crm.get(ref.id);
      if (record === undefined) return `CRM company ${ref.id} no longer exists`;
      if (fingerprintCrm(record.company, record.persons) !== ref.fingerprint) return `CRM company ${ref.id} changed since the export`;
    } else {
      const entry = ctx.mapById.get(ref.id);
      if (fingerprintMapping(entry) !== ref.fingerprint) {
        return entry === undefined
          ? `the mapping entry ${ref.id} was removed since the export`
          : `the mapping entry ${ref.id} changed since the export`;
      }
    }
  }
  // This runs for every row of a 100k proposal: plain loops, nothing allocated unless stale.
  const payload = row.payload;
  if (row.sheet === 'bobToCrm') {
    const entry = ctx.mapByBob.get((payload as B2CRow).bobId);
    if (entry !== undefined && !hasMapSource(row.sources, mappingId(entry))) {
      return `a mapping entry for BOB ${entry.bobId} appeared since the export (${mappingId(entry)})`;
    }
  }
  for (const ref of row.sources) {
    if (ref.kind !== 'crm') continue;
    const appeared = crmEntryAppeared(ref.id, row.sources, ctx);
    if (appeared !== null) return appeared;
  }
  return row.sheet === 'crmToBob' ? crmEntryAppeared((payload as C2BRow).crmId, row.sources, ctx) : null;
}

function hasMapSource(sources: readonly SourceRef[], id: string): boolean {
  for (const ref of sources) if (ref.kind === 'map' && ref.id === id) return true;
  return false;
}

/** A mapping entry for this CRM company that the row does not know of and that would have changed the proposal. */
function crmEntryAppeared(crmId: string, sources: readonly SourceRef[], ctx: Pick<Context, 'fresh' | 'mapByCrm'>): string | null {
  for (const entry of ctx.mapByCrm.get(crmId) ?? []) {
    if (hasMapSource(sources, mappingId(entry))) continue;
    // An entry whose BOB side no longer exists was already there and ignored by the analysis.
    if (entry.noSync || (entry.bobId !== '' && ctx.fresh.bob.has(entry.bobId))) {
      return `a mapping entry for CRM ${crmId} appeared since the export (${mappingId(entry)})`;
    }
  }
  return null;
}

/**
 * The records to read again before building the plan: the sources of the rows concerned, the CRM
 * companies chosen in Link to CRM id, and the BOB side of mapping entries naming those companies.
 */
export function recordsToRead(
  rows: readonly PlanRow[],
  decisions: Decisions,
  mapping: readonly MappingEntry[] = [],
): { bobIds: string[]; crmIds: string[] } {
  const bobIds = new Set<string>();
  const crmIds = new Set<string>();
  for (const row of rows) {
    if (row.sheet === 'excluded' || row.sheet === 'personalFields') continue;
    for (const ref of row.sources) {
      if (ref.kind === 'bob') bobIds.add(ref.id);
      else if (ref.kind === 'crm') crmIds.add(ref.id);
    }
    if (row.sheet === 'bobToCrm') {
      const payload = row.payload as B2CRow;
      bobIds.add(payload.bobId);
      if (payload.crmId !== '') crmIds.add(payload.crmId);
      const chosen = decisions.rows.get(row.key)?.linkToCrmId.trim() ?? '';
      if (chosen !== '' && chosen.toLowerCase() !== 'new') crmIds.add(chosen);
    } else if (row.sheet === 'crmToBob') {
      crmIds.add((row.payload as C2BRow).crmId);
    }
  }
  for (const entry of mapping) if (entry.bobId !== '' && entry.crmId !== '' && crmIds.has(entry.crmId)) bobIds.add(entry.bobId);
  return { bobIds: [...bobIds].sort(compareNatural), crmIds: [...crmIds].sort(compareNatural) };
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

function failedCondition(ctx: Context, valueOf: (setting: FieldSetting) => string): FieldSetting | null {
  for (const setting of ctx.conditions) {
    if (!conditionHolds(setting.condition, valueOf(setting), setting.value)) return setting;
  }
  return null;
}

/**
 * Whether `actual` satisfies `operator expected`. Text is compared without case and with spaces
 * collapsed; `<` and `>` compare numbers when both sides are numbers (decimal comma accepted), else
 * text in natural order.
 */
export function conditionHolds(operator: ConditionOperator | '', actual: string, expected: string): boolean {
  const a = normaliseText(actual);
  const e = normaliseText(expected);
  switch (operator) {
    case '':
      return true;
    case '=':
      return a === e;
    case '≠':
      return a !== e;
    case 'contains':
      return a.includes(e);
    case 'starts with':
      return a.startsWith(e);
    case 'empty':
      return a === '';
    case 'not empty':
      return a !== '';
    case '<':
    case '>': {
      if (a === '') return false;
      const na = numberOf(a);
      const ne = numberOf(e);
      const order = na !== null && ne !== null ? Math.sign(na - ne) : compareNatural(a, e);
      return operator === '<' ? order < 0 : order > 0;
    }
  }
}

function numberOf(text: string): number | null {
  const s = text.replace(/\s/g, '').replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

function conditionText(setting: FieldSetting, actual: string): string {
  const shown = actual === '' ? 'empty' : JSON.stringify(actual);
  const wanted = setting.condition === 'empty' || setting.condition === 'not empty' ? setting.condition : `${setting.condition} ${JSON.stringify(setting.value)}`;
  return `${setting.column} is ${shown}, the condition is ${wanted}`;
}

// ---------------------------------------------------------------------------------------------
// Values written
// ---------------------------------------------------------------------------------------------

function createdCompanyValues(party: BobThirdParty, ctx: Context): CrmCompanyValues {
  const vat = bobVat(party.vatRef, party.vatNo, normaliseCountry(party.country));
  const values: CrmCompanyValues = { name: party.name, type: ctx.customerType, bobSync: true, bobId: party.id };
  putText(values, 'website', party.website);
  putText(values, 'email', party.email);
  putText(values, 'phone', party.phone);
  putText(values, 'vat', vat.status === 'valid' ? vat.vat : vat.status === 'invalid' ? vat.raw : '');
  const custom: Record<string, string> = {};
  for (const setting of ctx.travelling) {
    const value = party.personal[setting.column.toUpperCase()] ?? '';
    if (value.trim() !== '') custom[setting.crmField.toLowerCase()] = value;
  }
  if (Object.keys(custom).length > 0) values.custom = custom;
  return values;
}

function createdAddressValues(party: BobThirdParty): CrmAddressValues | null {
  const values: CrmAddressValues = {};
  putText(values, 'address1', party.address1);
  putText(values, 'address2', party.address2);
  putText(values, 'postcode', barePostcode(party.postcode));
  putText(values, 'city', party.locality);
  putText(values, 'country', party.country);
  return Object.keys(values).length > 0 ? values : null;
}

const ADDRESS_FIELDS: Record<string, keyof CrmAddressValues> = {
  address1: 'address1',
  address2: 'address2',
  postcode: 'postcode',
  city: 'city',
  country: 'country',
};
const COMPANY_FIELDS = new Set(['name', 'website', 'email', 'phone']);

/** Turns the engine's changes into writes: company fields, address fields, persons to add, personal fields. */
function updateValues(
  changes: readonly FieldChange[],
  bob: BobRecord,
  crm: CrmRecord,
  ctx: Context,
): { company: CrmCompanyValues; address: CrmUpdateCompanyOp['address']; persons: CrmPersonValues[] } {
  const company: CrmCompanyValues = {};
  const address: CrmAddressValues = {};
  const custom: Record<string, string> = {};
  const personNames = new Set<string>();
  for (const change of changes) {
    if (COMPANY_FIELDS.has(change.field)) (company as Record<string, string>)[change.field] = change.to;
    else if (Object.hasOwn(ADDRESS_FIELDS, change.field)) address[ADDRESS_FIELDS[change.field]!] = change.to;
    else if (change.field === 'person') personNames.add(normaliseText(change.to));
    else if (change.field.startsWith('pf:')) {
      const column = change.field.slice(3);
      const setting = ctx.travelling.find((s) => s.column.toUpperCase() === column);
      if (setting !== undefined) custom[setting.crmField.toLowerCase()] = change.to;
    }
  }
  if (Object.keys(custom).length > 0) company.custom = custom;
  let addressWrite: CrmUpdateCompanyOp['address'] = null;
  if (crm.company.address !== null) {
    if (Object.keys(address).length > 0) addressWrite = { id: crm.company.address.id, values: address };
  } else {
    const all = createdAddressValues(bob.party);
    if (all !== null) addressWrite = { id: '', values: all };
  }
  const persons = uniqueContacts(bob.contacts)
    .filter((contact) => personNames.has(normaliseText(`${contact.firstName} ${contact.lastName}`)))
    .map(personValues);
  return { company, address: addressWrite, persons };
}

/** Contacts without a second one of the same name (first and last name, in either order). */
function uniqueContacts(contacts: readonly BobContact[]): BobContact[] {
  const seen = new Set<string>();
  const unique: BobContact[] = [];
  for (const contact of [...contacts].sort((a, b) => compareNatural(a.id, b.id))) {
    const key = normaliseText(`${contact.firstName} ${contact.lastName}`);
    const swapped = normaliseText(`${contact.lastName} ${contact.firstName}`);
    if (key === '' || seen.has(key) || seen.has(swapped)) continue;
    seen.add(key);
    unique.push(contact);
  }
  return unique;
}

function personValues(contact: BobContact): CrmPersonValues {
  const values: CrmPersonValues = {};
  putText(values, 'firstName', contact.firstName);
  putText(values, 'lastName', contact.lastName);
  putText(values, 'title', contact.title);
  putText(values, 'email', contact.email);
  // The CRM person has one phone: the mobile when BOB has no other.
  putText(values, 'phone', contact.phone !== '' ? contact.phone : contact.mobile);
  return values;
}

/** The BOB customer made from a CRM company: its values, the VAT number split, its persons as contacts. */
function newBobCustomer(bobId: string, crm: CrmRecord, ctx: Context): BobRecord {
  const { company, persons } = crm;
  const country = company.address?.country ?? '';
  const countryCode = normaliseCountry(country);
  const vat = normaliseVat(company.vat, countryCode);
  const personal: Record<string, string> = {};
  for (const setting of ctx.travelling) {
    const value = company.custom[setting.crmField.toLowerCase()] ?? '';
    if (value !== '') personal[setting.column.toUpperCase()] = value;
  }
  const party: BobThirdParty = {
    id: bobId,
    isCustomer: true,
    isSupplier: false,
    name: company.name,
    name2: '',
    address1: company.address?.address1 ?? '',
    address2: company.address?.address2 ?? '',
    postcode: company.address?.postcode ?? '',
    locality: company.address?.city ?? '',
    country: /^[A-Z]{2}$/.test(countryCode) ? countryCode : country,
    language: '',
    vatRef: vat.status === 'valid' ? vat.country : '',
    vatNo: vat.status === 'valid' ? vat.number : vat.status === 'invalid' ? vat.raw : '',
    phone: company.phone,
    fax: '',
    email: company.email,
    website: company.website,
    isPerson: false,
    modifiedOn: ctx.now,
    personal,
  };
  const contacts: BobContact[] = [...persons]
    .sort((a, b) => compareNatural(a.id, b.id))
    .map((person) => ({
      id: '',
      companyId: bobId,
      lastName: person.lastName,
      firstName: person.firstName,
      title: person.title,
      phone: person.phone,
      mobile: '',
      email: person.email,
      language: '',
    }));
  return { party, contacts };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function skip(row: PlanRow, reason: SkipReason, detail: string): SkippedRow {
  return { rowKey: row.key, sheet: row.sheet, reason, detail };
}

function emptyEntry(ids: { bobId?: string; crmId?: string }): MappingEntry {
  return { bobId: ids.bobId ?? '', crmId: ids.crmId ?? '', noSync: true, linkedAt: '', lastSyncAt: '' };
}

function putText<T extends object>(target: T, key: keyof T, value: string): void {
  if (value.trim() !== '') (target as Record<string, unknown>)[key as string] = value;
}
