/**
 * The `mapping` use cases: the mapping table (nl *Overeenkomstentabel*, fr *table de
 * correspondance*) exported to a workbook of its own, and an edited one imported back. Clearing
 * No sync there is how a third party comes back into the next proposal (DESIGN §2).
 */
import path from 'node:path';
import type { Lang } from '../config/types.js';
import { writeMappingWorkbook } from '../export/write-mapping.js';
import type { Finding } from '../import/finding.js';
import { readMappingChanges, type MappingChange } from '../import/read-mapping.js';
import { readWorkbook } from '../import/read-workbook.js';
import { runLockHolder, withRunLock, type RunHost } from '../apply/run-lock.js';
import { openBobAndState, type BobSourceDeps, type OpenedBob } from './open-sources.js';
import { stampedId } from './stamped-id.js';

export interface MappingDeps extends BobSourceDeps {
  /** Who runs it and where: storing changes takes the run lock, as an apply does. */
  user?: string;
  host?: RunHost;
}

export interface MappingExportReport {
  path: string;
  entries: number;
  noSync: number;
}

export interface MappingImportReport {
  path: string;
  /** True when the changes were written to the mapping table. */
  applied: boolean;
  changes: MappingChange[];
  /** Rows whose entry is no longer in the mapping table (changed since the export): left alone. */
  unknownRows: string[];
  findings: Finding[];
  message: string;
}

/** Writes the mapping table to `out`; `names` gives a name per `<bobId>|<crmId>` when the caller knows them. */
export async function exportMapping(
  options: { out: string; lang?: Lang; names?: ReadonlyMap<string, string> },
  deps: MappingDeps,
): Promise<MappingExportReport> {
  const entries = await withState(deps, (opened) => opened.state.mapping());
  const target = await writeMappingWorkbook(entries, options.out, {
    lang: options.lang ?? deps.config.lang,
    created: deps.now(),
    names: options.names,
  });
  return { path: target, entries: entries.length, noSync: entries.filter((e) => e.noSync).length };
}

/**
 * Reads an edited mapping workbook and, with `apply`, stores its No sync changes. Any finding (an
 * unreadable flag, a missing column) means nothing is written.
 */
export async function importMapping(options: { path: string; apply: boolean }, deps: MappingDeps): Promise<MappingImportReport> {
  const workbook = await readWorkbook(path.resolve(options.path));
  return withState(deps, async ({ state }) => {
    const read = readMappingChanges(workbook, await state.mapping());
    const report: MappingImportReport = { path: workbook.path, applied: false, changes: read.changes, unknownRows: read.unknownRows, findings: read.findings, message: '' };
    if (read.findings.length > 0) {
      report.message = `nothing was changed: ${read.findings.length} finding(s) in the mapping table workbook`;
      return report;
    }
    if (!options.apply) {
      report.message = `dry run: nothing was changed; ${report.changes.length} change(s) would be stored — run again with --apply`;
      return report;
    }
    // Under the run lock: an apply on another workstation writes the same table.
    const host: RunHost = deps.host ?? { hostname: 'unknown', pid: 0, isRunning: () => true };
    const holder = `${runLockHolder(deps.user ?? 'unknown', stampedId('M', deps.now()), host)} (mapping import)`;
    await withRunLock(state, holder, deps.now().toISOString(), host, async () => {
      if (read.upserts.length > 0) await state.upsertMapping(read.upserts);
      for (const entry of read.removals) await state.deleteMapping(entry.bobId, entry.crmId);
    });
    report.applied = true;
    report.message = `${report.changes.length} change(s) stored in the mapping table`;
    return report;
  });
}

async function withState<T>(deps: MappingDeps, work: (opened: OpenedBob) => Promise<T>): Promise<T> {
  const opened = await (deps.openBob ?? openBobAndState)(deps.config, deps.env, deps.now);
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}
