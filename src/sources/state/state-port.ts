/**
 * The tool's own tables (prefix configurable, default `BSY_`) in the BOB database (DESIGN §3, §5):
 * mapping table, personal-field settings, proposals register, run journal and the run lock.
 * Implemented once over `SqlExecutor` in `state-store.ts`; migrations are idempotent on both engines.
 */
import type { DataSheetKey, MappingEntry, PersonalFieldSetting, SourceRef } from '../../engine/model.js';

export interface ProposalRecord {
  id: string;
  createdAt: string;
  createdBy: string;
  /** `xlsx` or `csv`. */
  format: string;
  lang: string;
  /** sha-256 (hex) of the exported file (xlsx), or for a CSV folder of the `sha256sum` listing of its files (see export/write-proposal). */
  fileSha256: string;
  /** sha-256 (hex) of the `_meta` sheet's content as exported (key/value lines), to detect an altered `_meta`. */
  metaSha256: string;
  /** Where it was written (for messages only). */
  outputPath: string;
  /** `open` | `partially-applied` | `applied`. */
  status: 'open' | 'partially-applied' | 'applied';
  /** Id of the run that applied it fully, or empty. */
  appliedRun: string;
}

export interface ProposalRowRecord {
  proposalId: string;
  /** Row key, e.g. `B2C:ACME`. */
  key: string;
  sheet: DataSheetKey;
  /** sha-256 of the row's read-only cells as exported (see export/sheet-model). */
  cellHash: string;
  sources: SourceRef[];
  /** The engine row as JSON: the database, not the workbook, is the authority for what was proposed. */
  payload: string;
}

/** A run is `running` until it finishes; one found `running` by a later run was killed or crashed. */
export type RunStatus = 'running' | 'finished' | 'interrupted';

/** An operation is journaled `started` before it runs and `done` or `failed` after. */
export type JournalStatus = 'started' | 'done' | 'failed';

export interface RunRecord {
  id: string;
  proposalId: string;
  startedAt: string;
  startedBy: string;
  finishedAt: string;
  status: RunStatus;
  /** sha-256 of the imported file. */
  fileSha256: string;
  /** JSON counts. */
  counts: string;
  /** sha-256 of the result workbook written by this run, or empty. */
  resultSha256: string;
}

export interface JournalEntry {
  runId: string;
  /** Operation id, stable for a proposal: `<row key>#<step>`, e.g. `B2C:ACME#create-company`. */
  opId: string;
  proposalId: string;
  rowKey: string;
  status: JournalStatus;
  /** JSON: what the operation produced (e.g. the new CRM id) or its error. */
  detail: string;
  at: string;
}

export interface StatePort {
  /** Creates missing tables and indexes; safe to call on every start. `at`: the time recorded with a new schema version. */
  migrate(at: Date): Promise<void>;

  mapping(): Promise<MappingEntry[]>;
  /** Inserts or replaces entries (matched on bobId when set, else on crmId). */
  upsertMapping(entries: MappingEntry[]): Promise<void>;
  /** Removes the entry for this pair (used when a No sync is unticked on an unlinked party). */
  deleteMapping(bobId: string, crmId: string): Promise<void>;

  personalFieldSettings(): Promise<PersonalFieldSetting[]>;
  savePersonalFieldSettings(settings: PersonalFieldSetting[]): Promise<void>;

  registerProposal(proposal: ProposalRecord, rows: AsyncIterable<ProposalRowRecord> | Iterable<ProposalRowRecord>): Promise<void>;
  setProposalFile(proposalId: string, fileSha256: string, outputPath: string): Promise<void>;
  /** Removes a proposal and its rows (export failed after registration). */
  dropProposal(proposalId: string): Promise<void>;
  proposal(proposalId: string): Promise<ProposalRecord | null>;
  proposalRows(proposalId: string): AsyncIterable<ProposalRowRecord>;
  setProposalStatus(proposalId: string, status: ProposalRecord['status'], appliedRun: string): Promise<void>;

  /** Takes the run lock; returns null when taken, else the holder. */
  acquireLock(holder: string, at: string): Promise<{ holder: string; at: string } | null>;
  releaseLock(holder: string): Promise<void>;

  startRun(run: RunRecord): Promise<void>;
  finishRun(runId: string, status: RunStatus, finishedAt: string, counts: string, resultSha256: string): Promise<void>;
  runs(proposalId: string): Promise<RunRecord[]>;
  /** Runs of other proposals than `proposalId` that started after `since` (ISO time), oldest first. */
  runsOfOthersSince(proposalId: string, since: string): Promise<RunRecord[]>;
  journal(proposalId: string): Promise<JournalEntry[]>;
  writeJournal(entry: JournalEntry): Promise<void>;
}
