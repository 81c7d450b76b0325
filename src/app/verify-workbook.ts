/**
 * `verify`: is this archived workbook one that this database registered, unaltered? Its sha-256 is
 * compared with what the proposals register recorded: the exported file (proposal), the files the
 * runs imported, and the result workbooks they wrote. The auditor gets the proposal id, who exported
 * it and when, who applied it and when, and the decisions' counts as the file holds them.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { asLang, type Lang } from '../config/types.js';
import { ReadOnlyCells } from '../import/read-only-cells.js';
import { DATA_SHEETS, RUN_SHEET_NAMES } from '../../templates/columns.js';
import { brusselsTime } from '../workbook/brussels-time.js';
import { metaHash } from '../workbook/cell-hash.js';
import { isBobsyncError } from '../errors.js';
import { locateColumns, summaryCell, type SummaryDecision } from '../import/locate-columns.js';
import { readWorkbook } from '../import/read-workbook.js';
import { parseJsonObject } from '../sources/state/json-column.js';
import type { ProposalRecord, ProposalRowRecord, RunRecord, StatePort } from '../sources/state/state-port.js';
import { describeCell, type CellInfo } from '../workbook/cell-value.js';
import { parseFlag } from '../workbook/codecs/flag.js';
import { fileSha256Of } from '../workbook/file-hash.js';
import { metaValue, type RawWorkbook } from '../workbook/raw-workbook.js';
import { openBobAndState, type BobSourceDeps } from './open-sources.js';

export type VerifyDeps = BobSourceDeps;

export interface VerifiedRun {
  id: string;
  startedAt: string;
  startedBy: string;
  finishedAt: string;
  status: string;
  /** What the run did: `applied`, `partially applied` (operations failed or were not run), `interrupted`, `running`. */
  outcome: 'applied' | 'partially applied' | 'interrupted' | 'running';
  counts: Record<string, unknown>;
}

export interface DecisionCounts {
  /** Data rows per sheet key. */
  rows: Record<string, number>;
  noSync: number;
  notThisTime: number;
  /** Link to CRM id filled in. */
  linkToCrmId: number;
  /** Personal fields with Sel. */
  selected: number;
  confirmed: boolean;
  reviewedBy: string;
}

export interface VerifyReport {
  path: string;
  sha256: string;
  /** From the file's `_meta`, or empty when it has none. */
  proposalId: string;
  authentic: boolean;
  /**
   * What the file is. Authentic: the exported proposal, a workbook a run imported, or a run's result.
   * Not authentic: `edited` (a copy of the proposal whose read-only cells are as exported, only its
   * decisions differ, and no run imported it), `altered` (read-only cells, the result or `_meta`
   * differ from what was registered), or `unknown`.
   */
  kind: 'proposal' | 'imported' | 'result' | 'edited' | 'altered' | 'unknown';
  /** The run the file belongs to (imported or result), or null. */
  run: VerifiedRun | null;
  proposal: Pick<ProposalRecord, 'id' | 'createdAt' | 'createdBy' | 'status' | 'appliedRun' | 'format' | 'lang'> | null;
  /** Every run of the proposal, oldest first. */
  runs: VerifiedRun[];
  decisions: DecisionCounts | null;
  /** One sentence: authentic as what, or why not. */
  message: string;
}

/** Checks the file (or CSV folder) at `file` against the register; never throws for an altered file. */
export async function verifyWorkbook(file: string, deps: VerifyDeps): Promise<VerifyReport> {
  const resolved = path.resolve(file);
  let workbook: RawWorkbook | null = null;
  let unreadable = '';
  try {
    workbook = await readWorkbook(resolved);
  } catch (error) {
    if (!isBobsyncError(error, 'bad-input')) throw error;
    unreadable = error.message;
  }
  const info = await stat(resolved);
  const sha256 = workbook?.fileSha256 ?? (info.isFile() ? await fileSha256Of(resolved) : '');
  const report: VerifyReport = {
    path: resolved,
    sha256,
    proposalId: '',
    authentic: false,
    kind: 'unknown',
    run: null,
    proposal: null,
    runs: [],
    decisions: null,
    message: '',
  };
  if (workbook === null) {
    report.message = `not authentic: the file cannot be read as a bobsync workbook (${unreadable})`;
    return report;
  }
  report.decisions = decisionCounts(workbook);
  report.proposalId = metaValue(workbook, 'proposalId')?.trim() ?? '';
  if (report.proposalId === '') {
    report.message = 'not authentic: the file names no proposal (its _meta is missing or altered)';
    return report;
  }

  const opened = await (deps.openBob ?? openBobAndState)(deps.config, deps.env, deps.now);
  try {
    const proposal = await opened.state.proposal(report.proposalId);
    if (proposal === null) {
      report.message = `not authentic here: proposal ${report.proposalId} is not registered in ${opened.bob.description}`;
      return report;
    }
    const { id, createdAt, createdBy, status, appliedRun, format, lang } = proposal;
    report.proposal = { id, createdAt, createdBy, status, appliedRun, format, lang };
    const runs = await opened.state.runs(proposal.id);
    report.runs = runs.map(verifiedRun);
    const imported = runs.find((run) => run.fileSha256 === sha256);
    const result = runs.find((run) => run.resultSha256 !== '' && run.resultSha256 === sha256);
    if (proposal.fileSha256 === sha256) {
      report.kind = 'proposal';
      report.message = `authentic: proposal ${proposal.id} as exported on ${brusselsTime(createdAt)} (Brussels time) by ${createdBy}`;
    } else if (result !== undefined) {
      report.kind = 'result';
      report.run = verifiedRun(result);
      report.message = `authentic: the result of run ${result.id} (proposal ${proposal.id}, ${report.run.outcome}), written on ${brusselsTime(result.finishedAt || result.startedAt)} (Brussels time) by ${result.startedBy}`;
    } else if (imported !== undefined) {
      report.kind = 'imported';
      report.run = verifiedRun(imported);
      report.message = `authentic: the workbook run ${imported.id} imported for proposal ${proposal.id} on ${brusselsTime(imported.startedAt)} (Brussels time, by ${imported.startedBy})`;
    } else {
      const changed = isResultWorkbook(workbook) ? -1 : await changedReadOnlyCells(workbook, opened.state, proposal, asLang(lang) ?? deps.config.lang);
      if (changed === 0 && metaHash(workbook.meta!.entries) === proposal.metaSha256) {
        report.kind = 'edited';
        report.message = `not the registered file, but an edited copy of proposal ${proposal.id}: its read-only cells and _meta are as exported, only decisions differ; no run imported it${proposal.status === 'open' ? ' and the proposal was not applied' : ''}`;
      } else {
        report.kind = 'altered';
        report.message = `not authentic: the file names proposal ${proposal.id} but matches neither its export nor any of its ${runs.length} run(s); ${
          changed > 0 ? `${changed} row(s) have read-only cells that differ from the export` : 'it was altered after it was written'
        }`;
      }
      return report;
    }
    report.authentic = true;
    return report;
  } finally {
    await opened.close().catch(() => undefined);
  }
}

function verifiedRun(run: RunRecord): VerifiedRun {
  const counts = parseJsonObject(run.counts);
  const unfinished = Number(counts['operations failed'] ?? 0) + Number(counts['operations not run'] ?? 0);
  const outcome: VerifiedRun['outcome'] =
    run.status === 'running' ? 'running' : run.status === 'interrupted' ? 'interrupted' : unfinished > 0 ? 'partially applied' : 'applied';
  return { id: run.id, startedAt: run.startedAt, startedBy: run.startedBy, finishedAt: run.finishedAt, status: run.status, outcome, counts };
}

/** A result workbook carries a Run sheet: one that matches no registered result was changed after it was written. */
function isResultWorkbook(workbook: RawWorkbook): boolean {
  const names = new Set(Object.values(RUN_SHEET_NAMES));
  return workbook.sheets.some((sheet) => names.has(sheet.name));
}

/** Rows whose read-only cells differ from the export (forgiving what a re-save only mangles). */
async function changedReadOnlyCells(workbook: RawWorkbook, state: StatePort, proposal: ProposalRecord, lang: Lang): Promise<number> {
  const registered = new Map<string, ProposalRowRecord>();
  for await (const row of state.proposalRows(proposal.id)) registered.set(row.key, row);
  const located = locateColumns(workbook);
  const readOnly = new ReadOnlyCells(workbook, proposal, lang);
  let unknown = 0;
  for (const [key, sheet] of located.sheets) {
    const keyColumn = sheet.columns.get('rowKey');
    if (keyColumn === undefined) continue;
    for (const row of sheet.dataRows) {
      const rowKey = describeCell(row.cells[keyColumn] ?? null).text.trim();
      const record = registered.get(rowKey);
      if (record === undefined || record.sheet !== key) unknown += rowKey === '' ? 0 : 1;
      else readOnly.check(sheet, row, rowKey, record);
    }
  }
  return unknown + readOnly.explain(located.sheets).findings.length;
}

/** The decisions as the file holds them (flags set, links chosen, confirmation). */
function decisionCounts(workbook: RawWorkbook): DecisionCounts {
  const located = locateColumns(workbook);
  const counts: DecisionCounts = { rows: {}, noSync: 0, notThisTime: 0, linkToCrmId: 0, selected: 0, confirmed: false, reviewedBy: '' };
  for (const key of DATA_SHEETS) {
    const sheet = located.sheets.get(key);
    if (sheet === undefined) continue;
    counts.rows[key] = sheet.dataRows.length;
    const cell = (row: (typeof sheet.dataRows)[number], column: string) => {
      const index = sheet.columns.get(column);
      return describeCell(index === undefined ? null : (row.cells[index] ?? null));
    };
    for (const row of sheet.dataRows) {
      if (parseFlag(cell(row, 'noSync')) === true) counts.noSync += 1;
      if (parseFlag(cell(row, 'notThisTime')) === true) counts.notThisTime += 1;
      if (key === 'bobToCrm' && cell(row, 'linkToCrmId').text.trim() !== '') counts.linkToCrmId += 1;
      if (key === 'personalFields' && parseFlag(cell(row, 'sel')) === true) counts.selected += 1;
    }
  }
  if (located.summary !== null) {
    const valueAt = (decision: SummaryDecision): CellInfo => describeCell(summaryCell(workbook, located.summary!, decision)?.value ?? null);
    counts.confirmed = parseFlag(valueAt('confirmCell')) === true;
    counts.reviewedBy = valueAt('reviewedByCell').text.trim();
  }
  return counts;
}
