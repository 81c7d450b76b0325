/**
 * An edited mapping-table workbook read back against the mapping table as it is now: rows are
 * found by their BOB id and CRM id; the No sync flag is the only decision. Unticking No sync is how
 * a third party comes back into the next proposal (DESIGN §2): a link keeps its entry with the flag
 * cleared; an entry that only carried the flag (one side alone) is removed. Pure.
 */
import { COLUMNS } from '../../templates/columns.js';
import { mappingId, type MappingEntry } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { describeCell } from '../workbook/cell-value.js';
import { parseFlag } from '../workbook/codecs/flag.js';
import type { RawWorkbook } from '../workbook/raw-workbook.js';
import { cellFinding, rowFinding, type Finding } from './finding.js';
import { locateColumns } from './locate-columns.js';

export interface MappingChange {
  rowKey: string;
  bobId: string;
  crmId: string;
  change: 'no sync' | 'clear no sync' | 'remove';
}

export interface MappingChanges {
  changes: MappingChange[];
  /** Entries to store as they are here. */
  upserts: MappingEntry[];
  /** Entries to delete. */
  removals: MappingEntry[];
  /** Rows whose entry is no longer in the mapping table (changed since the export): left alone. */
  unknownRows: string[];
  /** Any finding means nothing may be stored (the changes are then empty). */
  findings: Finding[];
}

/** The changes the workbook asks for; throws `bad-input` when it has no Mapping table sheet. */
export function readMappingChanges(workbook: RawWorkbook, current: readonly MappingEntry[]): MappingChanges {
  const located = locateColumns(workbook).sheets.get('mapping');
  if (located === undefined) {
    throw new BobsyncError('bad-input', `${workbook.path} has no Mapping table sheet`, {
      hint: 'import the file written by `bobsync mapping export` (or the Mapping table sheet of a proposal)',
    });
  }
  const result: MappingChanges = { changes: [], upserts: [], removals: [], unknownRows: [], findings: [] };
  for (const key of ['bobId', 'crmId', 'noSync'] as const) {
    if (!located.columns.has(key)) {
      const label = COLUMNS.mapping.find((c) => c.key === key)!.labels.en;
      result.findings.push(rowFinding('missing-column', located.sheet.name, 1, '', `The column "${label}" is missing from row 1: export the mapping table again.`));
    }
  }
  if (result.findings.length > 0) return result;

  const byId = new Map(current.map((entry) => [mappingId(entry), entry]));
  const text = (cells: readonly unknown[], key: string): string => {
    const index = located.columns.get(key);
    return index === undefined ? '' : describeCell(cells[index] ?? null).text.trim();
  };
  const flagColumn = located.columns.get('noSync')!;
  for (const row of located.dataRows) {
    const bobId = text(row.cells, 'bobId').toUpperCase();
    const crmId = text(row.cells, 'crmId');
    if (bobId === '' && crmId === '') continue;
    const rowKey = `MAP:${bobId}|${crmId}`;
    const flag = parseFlag(describeCell(row.cells[flagColumn] ?? null));
    if (typeof flag === 'string') {
      result.findings.push(
        cellFinding('invalid-flag', located.sheet.name, row.number, flagColumn, rowKey, `"${flag}" is not a value for No sync: write Yes (or x) to set it, or leave the cell blank.`),
      );
      continue;
    }
    const entry = byId.get(`${bobId}|${crmId}`);
    if (entry === undefined) {
      result.unknownRows.push(rowKey);
      continue;
    }
    if (flag === entry.noSync) continue;
    if (flag) {
      result.upserts.push({ ...entry, noSync: true });
      result.changes.push({ rowKey, bobId, crmId, change: 'no sync' });
    } else if (entry.bobId !== '' && entry.crmId !== '') {
      result.upserts.push({ ...entry, noSync: false });
      result.changes.push({ rowKey, bobId, crmId, change: 'clear no sync' });
    } else {
      result.removals.push(entry);
      result.changes.push({ rowKey, bobId, crmId, change: 'remove' });
    }
  }
  if (result.findings.length > 0) return { ...result, changes: [], upserts: [], removals: [] };
  return result;
}
