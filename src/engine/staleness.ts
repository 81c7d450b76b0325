/**
 * Staleness (DESIGN §7.4): a row whose source records changed since the export, or near which a
 * mapping entry appeared that would have changed the proposal, is never applied. And which records
 * to read again to tell.
 */
import { compareNatural } from './compare-natural.js';
import type { Decisions } from './decisions.js';
import { fingerprintBob, fingerprintCrm, fingerprintMapping } from './fingerprint.js';
import { mappingId, type B2CRow, type C2BRow, type MappingEntry, type SourceRef } from './model.js';
import type { FreshRecords, PlanRow } from './plan-model.js';

/** The fresh records and the mapping table by BOB id, CRM id and entry id. */
export interface FreshIndex {
  fresh: FreshRecords;
  mapById: Map<string, MappingEntry>;
  mapByBob: Map<string, MappingEntry>;
  mapByCrm: Map<string, MappingEntry[]>;
}

/**
 * Why the row is stale, or null: a source record changed or disappeared, or a mapping entry that
 * would have changed the proposal appeared (a link or No sync for the row's BOB or CRM records).
 */
export function staleReason(row: PlanRow, ctx: FreshIndex): string | null {
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
function crmEntryAppeared(crmId: string, sources: readonly SourceRef[], ctx: Pick<FreshIndex, 'fresh' | 'mapByCrm'>): string | null {
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
