/**
 * The mapping table as a small workbook of its own (nl *Overeenkomstentabel*, fr *table de
 * correspondance*): export it, untick or tick No sync, import it back. Unticking No sync is how a
 * third party comes back into the next proposal (DESIGN §2): a link keeps its entry with the flag
 * cleared; an entry that only carried the flag (one side alone) is removed.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Lang } from '../config/types.js';
import { mappingId, type MappingEntry } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { neutralise, restore } from '../workbook/neutralise.js';
import { cellText, type CellValue } from '../workbook/sheet-model.js';
import { createXlsxWriter, writeDataSheet } from '../export/write-xlsx.js';
import type { StatePort } from '../sources/state/state-port.js';
import { COLUMNS, SHEET_NAMES, YES } from '../../templates/columns.js';
import { describeCell } from '../workbook/cell-value.js';
import { cellFinding, rowFinding, type Finding } from '../import/finding.js';
import { locateColumns } from '../import/locate-columns.js';
import { readWorkbook } from '../import/read-workbook.js';
import { parseFlag } from '../import/validate-decisions.js';

export interface MappingExportReport {
  path: string;
  entries: number;
  noSync: number;
}

export interface MappingChangeReport {
  rowKey: string;
  bobId: string;
  crmId: string;
  change: 'no sync' | 'clear no sync' | 'remove';
}

export interface MappingImportReport {
  path: string;
  /** True when the changes were written to the mapping table. */
  applied: boolean;
  changes: MappingChangeReport[];
  /** Rows whose entry is no longer in the mapping table (changed since the export): left alone. */
  unknownRows: string[];
  findings: Finding[];
  message: string;
}

/**
 * Writes the mapping table to `file` (xlsx, the Mapping table sheet's columns; No sync is the only
 * decision). `names` gives a name per `<bobId>|<crmId>` when the caller knows them.
 */
export async function exportMapping(
  state: StatePort,
  file: string,
  lang: Lang,
  names: ReadonlyMap<string, string> = new Map(),
): Promise<MappingExportReport> {
  const entries = await state.mapping();
  const target = path.resolve(file);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  const columns = COLUMNS.mapping;
  const cell = (text: string): CellValue => cellText(text);
  let output: fs.WriteStream | undefined;
  try {
    output = fs.createWriteStream(temp, { flags: 'wx' });
    await once(output, 'open');
    const writer = createXlsxWriter(output, { creator: 'bobsync', created: new Date() });
    await writeDataSheet(
      writer,
      {
        name: SHEET_NAMES.mapping[lang],
        columns,
        header: columns.map((column) => neutralise(column.labels[lang])),
        rowCount: entries.length,
        *rows() {
          for (const entry of entries) {
            const values: Record<string, CellValue> = {
              rowKey: cell(`MAP:${mappingId(entry)}`),
              bobId: cell(entry.bobId),
              crmId: cell(entry.crmId),
              name: cell(names.get(mappingId(entry)) ?? ''),
              linkedAt: cell(entry.linkedAt),
              lastSyncAt: cell(entry.lastSyncAt),
              noSync: entry.noSync ? YES[lang] : null,
              note: null,
            };
            yield { values: columns.map((column) => values[column.key] ?? null) };
          }
        },
      },
      { lang, crmFieldNames: [], output },
    );
    await writer.commit();
    if (!output.writableFinished) await once(output, 'finish');
    await fs.promises.rename(temp, target);
  } catch (error) {
    output?.destroy();
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw new BobsyncError('cannot-write', `cannot write the mapping table to ${target}: ${(error as Error).message}`, {
      hint: 'check that the folder exists and may be written',
      cause: error,
    });
  }
  return { path: target, entries: entries.length, noSync: entries.filter((e) => e.noSync).length };
}

/**
 * Reads an exported mapping table back and, with `apply`, stores the No sync changes. Rows are
 * found by their BOB id and CRM id; an entry that changed since the export is left alone and
 * reported. Any finding (an unreadable flag) means nothing is written.
 */
export async function importMapping(file: string, state: StatePort, apply: boolean): Promise<MappingImportReport> {
  const workbook = await readWorkbook(path.resolve(file));
  const located = locateColumns(workbook).sheets.get('mapping');
  if (located === undefined) {
    throw new BobsyncError('bad-input', `${workbook.path} has no Mapping table sheet`, {
      hint: 'import the file written by `bobsync mapping export` (or the Mapping table sheet of a proposal)',
    });
  }
  const findings: Finding[] = [];
  for (const key of ['bobId', 'crmId', 'noSync'] as const) {
    if (!located.columns.has(key)) {
      const label = COLUMNS.mapping.find((c) => c.key === key)!.labels.en;
      findings.push(rowFinding('missing-column', located.sheet.name, 1, '', `The column "${label}" is missing from row 1: export the mapping table again.`));
    }
  }
  const report: MappingImportReport = { path: workbook.path, applied: false, changes: [], unknownRows: [], findings, message: '' };
  if (findings.length > 0) {
    report.message = 'nothing was changed: the mapping table workbook has findings';
    return report;
  }

  const current = new Map((await state.mapping()).map((entry) => [mappingId(entry), entry]));
  const text = (cells: readonly unknown[], key: string): string => {
    const index = located.columns.get(key);
    return index === undefined ? '' : restore(describeCell(cells[index] ?? null).text.trim()).trim();
  };
  const upserts: MappingEntry[] = [];
  const removals: MappingEntry[] = [];
  for (const row of located.dataRows) {
    const bobId = text(row.cells, 'bobId').toUpperCase();
    const crmId = text(row.cells, 'crmId');
    if (bobId === '' && crmId === '') continue;
    const rowKey = `MAP:${bobId}|${crmId}`;
    const index = located.columns.get('noSync')!;
    const flag = parseFlag(describeCell(row.cells[index] ?? null));
    if (typeof flag === 'string') {
      findings.push(cellFinding('invalid-flag', located.sheet.name, row.number, index, rowKey, `"${flag}" is not a value for No sync: write Yes (or x) to set it, or leave the cell blank.`));
      continue;
    }
    const entry = current.get(`${bobId}|${crmId}`);
    if (entry === undefined) {
      report.unknownRows.push(rowKey);
      continue;
    }
    if (flag === entry.noSync) continue;
    if (flag) {
      upserts.push({ ...entry, noSync: true });
      report.changes.push({ rowKey, bobId, crmId, change: 'no sync' });
    } else if (entry.bobId !== '' && entry.crmId !== '') {
      upserts.push({ ...entry, noSync: false });
      report.changes.push({ rowKey, bobId, crmId, change: 'clear no sync' });
    } else {
      removals.push(entry);
      report.changes.push({ rowKey, bobId, crmId, change: 'remove' });
    }
  }
  if (findings.length > 0) {
    report.changes = [];
    report.message = `nothing was changed: ${findings.length} finding(s) in the mapping table workbook`;
    return report;
  }
  if (!apply) {
    report.message = `dry run: nothing was changed; ${report.changes.length} change(s) would be stored — run again with --apply`;
    return report;
  }
  if (upserts.length > 0) await state.upsertMapping(upserts);
  for (const entry of removals) await state.deleteMapping(entry.bobId, entry.crmId);
  report.applied = true;
  report.message = `${report.changes.length} change(s) stored in the mapping table`;
  return report;
}
