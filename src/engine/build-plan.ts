/**
 * The plan: from the registered proposal rows, the reviewer's decisions and records read again just
 * before applying, the operations to run (DESIGN §3, §7). Pure: no I/O, no clock (`now` is an
 * argument). A row whose source records changed since the export is stale and gets no operation;
 * the values written always come from the fresh records (BOB wins), never from the workbook.
 */
import { firstBy, groupBy } from './collections.js';
import { compareNatural } from './compare-natural.js';
import { conditionHolds, conditionText } from './conditions.js';
import type { RowDecision } from './decisions.js';
import { diffPair, type ComparedPersonalField } from './diff-pair.js';
import {
  mappingId,
  type B2CRow,
  type C2BRow,
  type ConditionOperator,
  type MappingEntry,
  type MappingRow,
  type PersonalFieldRow,
  type PersonalFieldSetting,
} from './model.js';
import type { BobRecord, CrmRecord, Plan, PlanInput, PlanRow, SkipReason, SkippedRow } from './plan-model.js';
import { recordNotes } from './fit-bob.js';
import type { FitNote } from './model.js';
import { staleReason, type FreshIndex } from './staleness.js';
import {
  createdAddressValues,
  createdCompanyValues,
  newBobCustomer,
  personValues,
  uniqueContacts,
  updateValues,
  type WriteContext,
} from './written-values.js';

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

interface PlanContext extends FreshIndex, WriteContext {
  now: string;
  customerType: string;
  compared: ComparedPersonalField[];
  /** Selected fields with a CRM field: their values travel. */
  travelling: FieldSetting[];
  bobColumns?: PlanInput['bobColumns'];
  conditions: FieldSetting[];
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
  const ctx: PlanContext = {
    fresh: input.fresh,
    now: input.now,
    customerType: input.customerType ?? 'Customer',
    compared: fieldSettings.filter((s) => s.selected && s.crmField !== '').map((s) => ({ column: s.column.toUpperCase(), crmField: s.crmField })),
    travelling: fieldSettings.filter((s) => s.selected && s.crmField !== ''),
    conditions: fieldSettings.filter((s) => s.condition !== ''),
    bobColumns: input.bobColumns,
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
function goesAhead(row: PlanRow, decision: RowDecision, resumed: boolean, noSyncEntry: MappingEntry, ctx: PlanContext, plan: Plan): boolean {
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

function planBobToCrm(row: PlanRow, proposed: B2CRow, decision: RowDecision, resumed: boolean, ctx: PlanContext, plan: Plan): void {
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

function planCreate(row: PlanRow, bob: BobRecord, ctx: PlanContext, plan: Plan): void {
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

function planPair(row: PlanRow, bob: BobRecord, crm: CrmRecord, ctx: PlanContext, plan: Plan): void {
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

function planCrmToBob(row: PlanRow, proposed: C2BRow, decision: RowDecision, resumed: boolean, ctx: PlanContext, plan: Plan): void {
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
  const { party, contacts, notes } = newBobCustomer(bobId, crm, ctx);
  // The workbook showed what BOB would receive; the CRM record is unchanged (not stale), so a
  // difference can only come from BOB's columns, changed since the export.
  if (!resumed && proposed.fit !== undefined && !sameNotes(recordNotes(proposed.fit), recordNotes(notes))) {
    plan.skipped.push(skip(row, 'stale', "BOB's columns changed since the export: what BOB would receive is no longer what the workbook shows"));
    return;
  }
  const insertId = `${row.key}#insert-customer`;
  const setId = `${row.key}#set-bobid`;
  plan.operations.push({ opId: insertId, rowKey: row.key, dependsOn: [], kind: 'bob-insert-customer', party, contacts });
  plan.operations.push({ opId: setId, rowKey: row.key, dependsOn: [insertId], kind: 'crm-set-bobid', crmId, bobId });
  const entry: MappingEntry = { bobId, crmId, noSync: false, linkedAt: ctx.now, lastSyncAt: ctx.now };
  plan.operations.push({ opId: `${row.key}#link`, rowKey: row.key, dependsOn: [insertId, setId], kind: 'map-link', entry });
  plan.mappingChanges.push({ rowKey: row.key, change: 'link', bobId, crmId });
}

function planMappingRow(row: PlanRow, proposed: MappingRow, decision: RowDecision, resumed: boolean, ctx: PlanContext, plan: Plan): void {
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

function failedCondition(ctx: PlanContext, valueOf: (setting: FieldSetting) => string): FieldSetting | null {
  for (const setting of ctx.conditions) {
    if (!conditionHolds(setting.condition, valueOf(setting), setting.value)) return setting;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function skip(row: PlanRow, reason: SkipReason, detail: string): SkippedRow {
  return { rowKey: row.key, sheet: row.sheet, reason, detail };
}

function sameNotes(a: readonly FitNote[], b: readonly FitNote[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function emptyEntry(ids: { bobId?: string; crmId?: string }): MappingEntry {
  return { bobId: ids.bobId ?? '', crmId: ids.crmId ?? '', noSync: true, linkedAt: '', lastSyncAt: '' };
}
