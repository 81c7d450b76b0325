/**
 * The state store over any SqlExecutor (DESIGN §5): the tool's own tables, named `<prefix><NAME>`,
 * in the BOB database or a separate one. The same SQL text runs on SQLite and SQL Server; the only
 * engine difference used is the long text type, taken from the executor's capabilities.
 */
import type { DataSheetKey, MappingEntry, PersonalFieldSetting, SourceRef } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import { iterateRawBatches, type SqlExecutor, type SqlParams, type SqlRow, type TableName } from '../bob/executor.js';
import { quoteIdentifier } from '../bob/quote-identifier.js';
import { intern } from '../intern.js';
import type { JournalEntry, JournalStatus, ProposalRecord, ProposalRowRecord, RunRecord, RunStatus, StatePort } from './state-port.js';

/** Letters, digits and _, starting with a letter: short enough that `<prefix>PROPOSAL_ROW` stays a valid name. */
export const STATE_PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;
/** Bumped by each migration step; recorded in `<prefix>SCHEMA`. */
export const STATE_SCHEMA_VERSION = 1;
const LOCK_NAME = 'run';
const DEFAULT_LONG_TEXT = 'NVARCHAR(4000)';
/** Placeholder in the table definitions for the engine's unbounded text type. */
const LONG = 'LONG';

interface IndexDef {
  suffix: string;
  columns: string[];
  unique?: boolean;
  /** Partial index predicate; both engines accept `WHERE [COL] <> ''`. */
  where?: string;
}

interface TableDef {
  name: string;
  columns: Array<[name: string, type: string]>;
  primaryKey?: string[];
  indexes?: IndexDef[];
}

const TABLES: TableDef[] = [
  {
    name: 'MAPPING',
    columns: [
      ['BOBID', 'NVARCHAR(64) NOT NULL'],
      ['CRMID', 'NVARCHAR(64) NOT NULL'],
      ['NOSYNC', 'INT NOT NULL'],
      ['LINKEDAT', 'NVARCHAR(40) NOT NULL'],
      ['LASTSYNCAT', 'NVARCHAR(40) NOT NULL'],
    ],
    indexes: [
      { suffix: 'BOBID', columns: ['BOBID'], unique: true, where: "[BOBID] <> ''" },
      { suffix: 'CRMID', columns: ['CRMID'], unique: true, where: "[CRMID] <> ''" },
    ],
  },
  {
    name: 'PFIELD',
    columns: [
      ['COLUMNNAME', 'NVARCHAR(64) NOT NULL'],
      ['CRMFIELD', 'NVARCHAR(128) NOT NULL'],
      ['SELECTED', 'INT NOT NULL'],
      ['CONDITIONOP', 'NVARCHAR(20) NOT NULL'],
      ['CONDITIONVALUE', 'NVARCHAR(4000) NOT NULL'],
    ],
    primaryKey: ['COLUMNNAME'],
  },
  {
    name: 'PROPOSAL',
    columns: [
      ['ID', 'NVARCHAR(64) NOT NULL'],
      ['CREATEDAT', 'NVARCHAR(40) NOT NULL'],
      ['CREATEDBY', 'NVARCHAR(200) NOT NULL'],
      ['FORMAT', 'NVARCHAR(10) NOT NULL'],
      ['LANG', 'NVARCHAR(5) NOT NULL'],
      ['FILESHA256', 'NVARCHAR(64) NOT NULL'],
      ['METASHA256', 'NVARCHAR(64) NOT NULL'],
      ['OUTPUTPATH', 'NVARCHAR(1000) NOT NULL'],
      ['STATUS', 'NVARCHAR(20) NOT NULL'],
      ['APPLIEDRUN', 'NVARCHAR(64) NOT NULL'],
    ],
    primaryKey: ['ID'],
  },
  {
    name: 'PROPOSAL_ROW',
    columns: [
      ['PROPOSALID', 'NVARCHAR(64) NOT NULL'],
      ['ROWKEY', 'NVARCHAR(200) NOT NULL'],
      ['SEQ', 'INT NOT NULL'],
      ['SHEET', 'NVARCHAR(40) NOT NULL'],
      ['CELLHASH', 'NVARCHAR(64) NOT NULL'],
      ['SOURCES', `${LONG} NOT NULL`],
      ['PAYLOAD', `${LONG} NOT NULL`],
    ],
    primaryKey: ['PROPOSALID', 'ROWKEY'],
    indexes: [{ suffix: 'SEQ', columns: ['PROPOSALID', 'SEQ'] }],
  },
  {
    name: 'RUN',
    columns: [
      ['ID', 'NVARCHAR(64) NOT NULL'],
      ['PROPOSALID', 'NVARCHAR(64) NOT NULL'],
      ['STARTEDAT', 'NVARCHAR(40) NOT NULL'],
      ['STARTEDBY', 'NVARCHAR(200) NOT NULL'],
      ['FINISHEDAT', 'NVARCHAR(40) NOT NULL'],
      ['STATUS', 'NVARCHAR(20) NOT NULL'],
      ['FILESHA256', 'NVARCHAR(64) NOT NULL'],
      ['COUNTS', `${LONG} NOT NULL`],
      ['RESULTSHA256', 'NVARCHAR(64) NOT NULL'],
    ],
    primaryKey: ['ID'],
    indexes: [{ suffix: 'PROPOSALID', columns: ['PROPOSALID'] }],
  },
  {
    name: 'JOURNAL',
    columns: [
      // Order of writing: entries of one run are read back in the order they were journaled.
      ['SEQ', 'INT NOT NULL'],
      ['RUNID', 'NVARCHAR(64) NOT NULL'],
      ['OPID', 'NVARCHAR(250) NOT NULL'],
      ['PROPOSALID', 'NVARCHAR(64) NOT NULL'],
      ['ROWKEY', 'NVARCHAR(200) NOT NULL'],
      ['STATUS', 'NVARCHAR(20) NOT NULL'],
      ['DETAIL', `${LONG} NOT NULL`],
      ['AT', 'NVARCHAR(40) NOT NULL'],
    ],
    indexes: [
      { suffix: 'OP', columns: ['PROPOSALID', 'OPID'] },
      { suffix: 'SEQ', columns: ['SEQ'] },
    ],
  },
  {
    name: 'LOCK',
    columns: [
      ['NAME', 'NVARCHAR(20) NOT NULL'],
      ['HOLDER', 'NVARCHAR(400) NOT NULL'],
      ['AT', 'NVARCHAR(40) NOT NULL'],
    ],
    // The primary key makes taking the lock one atomic insert, across processes and engines.
    primaryKey: ['NAME'],
  },
  {
    name: 'SCHEMA',
    columns: [
      ['VERSION', 'INT NOT NULL'],
      ['APPLIEDAT', 'NVARCHAR(40) NOT NULL'],
    ],
    primaryKey: ['VERSION'],
  },
];

/** Names of the state tables for a prefix (e.g. to drop them in tests). */
export function stateTableNames(prefix: string): string[] {
  return TABLES.map((table) => `${prefix}${table.name}`);
}

/**
 * A StatePort on `db`, its tables named `<prefix>MAPPING`, `<prefix>PROPOSAL`, …; call `migrate()`
 * first. Where the engine has schemas the tables are named with two parts, `[<schema>].[<prefix>…]`
 * (default `dbo`): every login then shares one register and one lock, whatever its default schema.
 */
export function createStateStore(db: SqlExecutor, prefix = 'BSY_', schema = 'dbo'): StatePort {
  if (!STATE_PREFIX_PATTERN.test(prefix)) {
    throw new BobsyncError('config', `"statePrefix" is not a valid table name prefix: ${JSON.stringify(prefix)}`, {
      hint: 'set "statePrefix" to a letter followed by at most 15 letters, digits or _ (default BSY_)',
    });
  }
  return new StateStore(db, prefix, db.capabilities?.schemas === true ? schema : undefined);
}

/** Rows registered per transaction: one analysis holds neither its locks nor its log for its whole length. */
const REGISTER_ROWS_PER_TRANSACTION = 5_000;

class StateStore implements StatePort {
  private readonly tables: Record<string, string>;
  /** The run lock's session, while this store holds it on an engine with session locks. */
  private sessionLock: { holder: string; release: () => Promise<void> } | null = null;

  constructor(
    private readonly db: SqlExecutor,
    private readonly prefix: string,
    /** The schema of the tables, on an engine with schemas. */
    private readonly schema: string | undefined,
  ) {
    const qualifier = schema === undefined ? '' : `${quoteIdentifier(schema, 'stateSchema')}.`;
    this.tables = Object.fromEntries(TABLES.map((table) => [table.name, `${qualifier}[${prefix}${table.name}]`]));
  }

  private tableName(name: string): string | TableName {
    return this.schema === undefined ? name : { schema: this.schema, name };
  }

  async migrate(at: Date): Promise<void> {
    const longText = this.db.capabilities?.longTextType ?? DEFAULT_LONG_TEXT;
    for (const table of TABLES) {
      const name = `${this.prefix}${table.name}`;
      const existing = await this.db.columns(this.tableName(name));
      if (existing !== null) {
        this.checkColumns(name, table, existing.map((column) => column.name));
        continue;
      }
      try {
        await this.db.transaction(async (tx) => {
          for (const statement of createStatements(name, this.tables[table.name]!, table, longText)) await tx.execute(statement);
        });
      } catch (error) {
        // Another process may have created it meanwhile: only its absence is a failure.
        if ((await this.db.columns(this.tableName(name))) === null) throw error;
      }
    }
    await this.recordVersion(STATE_SCHEMA_VERSION, at);
  }

  private checkColumns(name: string, table: TableDef, existing: string[]): void {
    const have = new Set(existing.map((column) => column.toUpperCase()));
    const missing = table.columns.map(([column]) => column).filter((column) => !have.has(column));
    if (missing.length > 0) {
      throw new BobsyncError('config', `table ${name} in ${this.db.description} is not a bobsync table (it lacks ${missing.join(', ')})`, {
        hint: 'set "statePrefix" in the configuration to a prefix no other table uses',
      });
    }
  }

  private async recordVersion(version: number, at: Date): Promise<void> {
    const known = async (): Promise<boolean> =>
      (await this.db.query(`SELECT [VERSION] FROM ${this.tables.SCHEMA} WHERE [VERSION] = @version`, { version })).length > 0;
    if (await known()) return;
    try {
      await this.db.execute(`INSERT INTO ${this.tables.SCHEMA} ([VERSION], [APPLIEDAT]) VALUES (@version, @at)`, {
        version,
        at: at.toISOString(),
      });
    } catch (error) {
      if (!(await known())) throw error;
    }
  }

  // --- mapping table -------------------------------------------------------------------------

  async mapping(): Promise<MappingEntry[]> {
    const rows = await this.db.query(
      `SELECT [BOBID], [CRMID], [NOSYNC], [LINKEDAT], [LASTSYNCAT] FROM ${this.tables.MAPPING} ORDER BY [BOBID], [CRMID]`,
    );
    return rows.map(mapMappingRow);
  }

  /**
   * Each entry replaces the rows that share its BOB id or its CRM id (both are unique when set), so
   * a later entry in the list wins over an earlier one it conflicts with.
   */
  async upsertMapping(entries: MappingEntry[]): Promise<void> {
    for (const entry of entries) {
      if (entry.bobId === '' && entry.crmId === '') {
        throw new BobsyncError('internal', 'upsertMapping: an entry has neither a BOB id nor a CRM id');
      }
    }
    // The later of two entries sharing a BOB id or a CRM id wins (linear: batches reach 100k+).
    const kept: Array<MappingEntry | undefined> = [];
    const byBob = new Map<string, number>();
    const byCrm = new Map<string, number>();
    for (const entry of entries) {
      for (const index of [entry.bobId !== '' ? byBob.get(entry.bobId) : undefined, entry.crmId !== '' ? byCrm.get(entry.crmId) : undefined]) {
        if (index === undefined || kept[index] === undefined) continue;
        const earlier = kept[index]!;
        kept[index] = undefined;
        if (earlier.bobId !== '') byBob.delete(earlier.bobId);
        if (earlier.crmId !== '') byCrm.delete(earlier.crmId);
      }
      kept.push(entry);
      if (entry.bobId !== '') byBob.set(entry.bobId, kept.length - 1);
      if (entry.crmId !== '') byCrm.set(entry.crmId, kept.length - 1);
    }
    // HOLDLOCK keeps the key ranges the DELETE looked at locked until the commit: a concurrent
    // upsert of the same BOB id or CRM id waits, then replaces this one (the later wins), instead
    // of both finding nothing to delete and the second failing on the unique index.
    const hold = this.db.capabilities?.lockHints === true ? ' WITH (HOLDLOCK)' : '';
    await this.db.transaction(async (tx) => {
      await executeMany(
        tx,
        `DELETE FROM ${this.tables.MAPPING}${hold} WHERE ([BOBID] = @bobId AND [BOBID] <> '') OR ([CRMID] = @crmId AND [CRMID] <> '')`,
        entries.map((entry) => ({ bobId: entry.bobId, crmId: entry.crmId })),
      );
      await executeMany(
        tx,
        `INSERT INTO ${this.tables.MAPPING} ([BOBID], [CRMID], [NOSYNC], [LINKEDAT], [LASTSYNCAT]) VALUES (@bobId, @crmId, @noSync, @linkedAt, @lastSyncAt)`,
        kept.filter((entry) => entry !== undefined).map((entry) => ({ ...entry, noSync: entry.noSync ? 1 : 0 })),
      );
    });
  }

  async deleteMapping(bobId: string, crmId: string): Promise<void> {
    await this.db.execute(`DELETE FROM ${this.tables.MAPPING} WHERE [BOBID] = @bobId AND [CRMID] = @crmId`, { bobId, crmId });
  }

  // --- personal fields -----------------------------------------------------------------------

  async personalFieldSettings(): Promise<PersonalFieldSetting[]> {
    const rows = await this.db.query(
      `SELECT [COLUMNNAME], [CRMFIELD], [SELECTED], [CONDITIONOP], [CONDITIONVALUE] FROM ${this.tables.PFIELD} ORDER BY [COLUMNNAME]`,
    );
    return rows.map(mapPersonalFieldRow);
  }

  /** Replaces the settings of the columns given (matched without case); other columns keep theirs. */
  async savePersonalFieldSettings(settings: PersonalFieldSetting[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const setting of settings) {
        const column = setting.column.toUpperCase();
        await tx.execute(`DELETE FROM ${this.tables.PFIELD} WHERE [COLUMNNAME] = @column`, { column });
        await tx.execute(
          `INSERT INTO ${this.tables.PFIELD} ([COLUMNNAME], [CRMFIELD], [SELECTED], [CONDITIONOP], [CONDITIONVALUE]) ` +
            'VALUES (@column, @crmField, @selected, @condition, @value)',
          { column, crmField: setting.crmField, selected: setting.selected ? 1 : 0, condition: setting.condition, value: setting.value },
        );
      }
    });
  }

  // --- proposals register --------------------------------------------------------------------

  /**
   * Registers the proposal's rows in transactions of REGISTER_ROWS_PER_TRANSACTION rows, then the
   * proposal itself: it is registered only once every row is (a failure half-way leaves rows that
   * no proposal names, removed by `dropProposal`), and one analysis does not hold its locks and
   * its log for the whole registration on a shared production server.
   */
  async registerProposal(
    proposal: ProposalRecord,
    rows: AsyncIterable<ProposalRowRecord> | Iterable<ProposalRowRecord>,
  ): Promise<void> {
    const proposalId = proposal.id;
    const existing = await this.db.query(`SELECT [ID] FROM ${this.tables.PROPOSAL} WHERE [ID] = @id`, { id: proposalId });
    if (existing.length > 0) throw new BobsyncError('internal', `proposal ${proposalId} is already registered`);
    let seq = 0;
    const params = (row: ProposalRowRecord): SqlParams => {
      if (row.proposalId !== proposalId) {
        throw new BobsyncError('internal', `row ${row.key} belongs to proposal ${row.proposalId}, not ${proposalId}`);
      }
      return {
        proposalId,
        key: row.key,
        seq: seq++,
        sheet: row.sheet,
        cellHash: row.cellHash,
        sources: JSON.stringify(row.sources),
        payload: row.payload,
      };
    };
    const insertRows =
      `INSERT INTO ${this.tables.PROPOSAL_ROW} ([PROPOSALID], [ROWKEY], [SEQ], [SHEET], [CELLHASH], [SOURCES], [PAYLOAD]) ` +
      'VALUES (@proposalId, @key, @seq, @sheet, @cellHash, @sources, @payload)';
    let batch: SqlParams[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const done = batch;
      batch = [];
      await this.db.transaction((tx) => executeMany(tx, insertRows, done));
    };
    // Stay synchronous for a synchronous source: 100k+ rows, one await each, would dominate.
    if (Symbol.asyncIterator in rows) {
      for await (const row of rows as AsyncIterable<ProposalRowRecord>) {
        batch.push(params(row));
        if (batch.length >= REGISTER_ROWS_PER_TRANSACTION) await flush();
      }
    } else {
      for (const row of rows as Iterable<ProposalRowRecord>) {
        batch.push(params(row));
        if (batch.length >= REGISTER_ROWS_PER_TRANSACTION) await flush();
      }
    }
    await flush();
    await this.db.execute(
      `INSERT INTO ${this.tables.PROPOSAL} ([ID], [CREATEDAT], [CREATEDBY], [FORMAT], [LANG], [FILESHA256], [METASHA256], [OUTPUTPATH], [STATUS], [APPLIEDRUN]) ` +
        'VALUES (@id, @createdAt, @createdBy, @format, @lang, @fileSha256, @metaSha256, @outputPath, @status, @appliedRun)',
      { ...proposal },
    );
  }

  async setProposalFile(proposalId: string, fileSha256: string, outputPath: string): Promise<void> {
    const changed = await this.db.execute(
      `UPDATE ${this.tables.PROPOSAL} SET [FILESHA256] = @fileSha256, [OUTPUTPATH] = @outputPath WHERE [ID] = @proposalId`,
      { proposalId, fileSha256, outputPath },
    );
    if (changed === 0) throw notRegistered(proposalId);
  }

  async dropProposal(proposalId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(`DELETE FROM ${this.tables.PROPOSAL_ROW} WHERE [PROPOSALID] = @proposalId`, { proposalId });
      await tx.execute(`DELETE FROM ${this.tables.PROPOSAL} WHERE [ID] = @proposalId`, { proposalId });
    });
  }

  async proposal(proposalId: string): Promise<ProposalRecord | null> {
    const [row] = await this.db.query(
      `SELECT [ID], [CREATEDAT], [CREATEDBY], [FORMAT], [LANG], [FILESHA256], [METASHA256], [OUTPUTPATH], [STATUS], [APPLIEDRUN] ` +
        `FROM ${this.tables.PROPOSAL} WHERE [ID] = @proposalId`,
      { proposalId },
    );
    return row === undefined ? null : mapProposalRow(row);
  }

  /** The rows in the order they were registered. */
  async *proposalRows(proposalId: string): AsyncIterable<ProposalRowRecord> {
    // Raw batches: 100k+ rows are read on every import, and one object per row for the driver to
    // build and the collector to sweep showed in its profile.
    const batches = iterateRawBatches(
      this.db,
      `SELECT [ROWKEY], [SHEET], [CELLHASH], [SOURCES], [PAYLOAD] FROM ${this.tables.PROPOSAL_ROW} ` +
        'WHERE [PROPOSALID] = @proposalId ORDER BY [SEQ]',
      { proposalId },
    );
    for await (const { rows } of batches) {
      // In the order of the SELECT list.
      for (const [key, sheet, cellHash, sources, payload] of rows) {
        yield {
          proposalId,
          key: text(key),
          sheet: text(sheet) as DataSheetKey,
          cellHash: text(cellHash),
          sources: JSON.parse(text(sources)) as SourceRef[],
          payload: text(payload),
        };
      }
    }
  }

  async setProposalStatus(proposalId: string, status: ProposalRecord['status'], appliedRun: string): Promise<void> {
    const changed = await this.db.execute(
      `UPDATE ${this.tables.PROPOSAL} SET [STATUS] = @status, [APPLIEDRUN] = @appliedRun WHERE [ID] = @proposalId`,
      { proposalId, status, appliedRun },
    );
    if (changed === 0) throw notRegistered(proposalId);
  }

  // --- run lock ------------------------------------------------------------------------------

  /**
   * Takes the run lock. Returns null when the lock is now held by `holder` (also when it already
   * was), else the current holder (who and since when).
   *
   * Where the engine has session locks (SQL Server), the lock is the server's: `sp_getapplock` for a
   * session of its own, released by the server when that connection or the process ends, so a
   * crashed run on one workstation blocks nobody. The row in `<prefix>LOCK` is then only the label
   * that names the holder. Elsewhere (SQLite, one machine) the row is the lock, taken by one insert.
   */
  async acquireLock(holder: string, at: string): Promise<{ holder: string; at: string } | null> {
    if (this.db.holdSessionLock !== undefined && this.db.capabilities?.sessionLocks === true) {
      if (this.sessionLock !== null) return this.sessionLock.holder === holder ? null : { holder: this.sessionLock.holder, at: '' };
      const release = await this.db.holdSessionLock(this.lockResource());
      if (release === null) return (await this.currentLock()) ?? { holder: 'another run (starting or finishing)', at: 'now' };
      this.sessionLock = { holder, release };
      try {
        // A label left by a crashed run is replaced: holding the server's lock, this run is the only one.
        await this.db.transaction(async (tx) => {
          await tx.execute(`DELETE FROM ${this.tables.LOCK} WHERE [NAME] = @name`, { name: LOCK_NAME });
          await tx.execute(`INSERT INTO ${this.tables.LOCK} ([NAME], [HOLDER], [AT]) VALUES (@name, @holder, @at)`, { name: LOCK_NAME, holder, at });
        });
      } catch (error) {
        this.sessionLock = null;
        await release().catch(() => undefined);
        throw error;
      }
      return null;
    }
    // The holder may release between a failed insert and the read of its row: then try once more.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.execute(`INSERT INTO ${this.tables.LOCK} ([NAME], [HOLDER], [AT]) VALUES (@name, @holder, @at)`, {
          name: LOCK_NAME,
          holder,
          at,
        });
        return null;
      } catch (error) {
        // The duplicate-key error differs per engine; the row that caused it is the same everywhere.
        const current = await this.currentLock();
        if (current === null) {
          if (attempt === 0) continue;
          throw error;
        }
        return current.holder === holder ? null : current;
      }
    }
  }

  /** The application lock's name: one per state store (schema and prefix), in this database. */
  private lockResource(): string {
    return `bobsync:${this.schema ?? ''}.${this.prefix}${LOCK_NAME}`;
  }

  private async currentLock(): Promise<{ holder: string; at: string } | null> {
    const [row] = await this.db.query(`SELECT [HOLDER], [AT] FROM ${this.tables.LOCK} WHERE [NAME] = @name`, { name: LOCK_NAME });
    return row === undefined ? null : { holder: text(row.HOLDER), at: text(row.AT) };
  }

  async releaseLock(holder: string): Promise<void> {
    try {
      await this.db.execute(`DELETE FROM ${this.tables.LOCK} WHERE [NAME] = @name AND [HOLDER] = @holder`, { name: LOCK_NAME, holder });
    } finally {
      const held = this.sessionLock;
      if (held !== null && held.holder === holder) {
        this.sessionLock = null;
        await held.release();
      }
    }
  }

  // --- runs and journal ----------------------------------------------------------------------

  async startRun(run: RunRecord): Promise<void> {
    await this.db.execute(
      `INSERT INTO ${this.tables.RUN} ([ID], [PROPOSALID], [STARTEDAT], [STARTEDBY], [FINISHEDAT], [STATUS], [FILESHA256], [COUNTS], [RESULTSHA256]) ` +
        'VALUES (@id, @proposalId, @startedAt, @startedBy, @finishedAt, @status, @fileSha256, @counts, @resultSha256)',
      { ...run },
    );
  }

  async finishRun(runId: string, status: string, finishedAt: string, counts: string, resultSha256: string): Promise<void> {
    const changed = await this.db.execute(
      `UPDATE ${this.tables.RUN} SET [STATUS] = @status, [FINISHEDAT] = @finishedAt, [COUNTS] = @counts, [RESULTSHA256] = @resultSha256 WHERE [ID] = @runId`,
      { runId, status, finishedAt, counts, resultSha256 },
    );
    if (changed === 0) throw new BobsyncError('internal', `run ${runId} is not registered`);
  }

  async runs(proposalId: string): Promise<RunRecord[]> {
    const rows = await this.db.query(
      `SELECT [ID], [PROPOSALID], [STARTEDAT], [STARTEDBY], [FINISHEDAT], [STATUS], [FILESHA256], [COUNTS], [RESULTSHA256] ` +
        `FROM ${this.tables.RUN} WHERE [PROPOSALID] = @proposalId ORDER BY [STARTEDAT], [ID]`,
      { proposalId },
    );
    return rows.map(mapRunRow);
  }

  async runsOfOthersSince(proposalId: string, since: string): Promise<RunRecord[]> {
    const rows = await this.db.query(
      `SELECT [ID], [PROPOSALID], [STARTEDAT], [STARTEDBY], [FINISHEDAT], [STATUS], [FILESHA256], [COUNTS], [RESULTSHA256] ` +
        `FROM ${this.tables.RUN} WHERE [PROPOSALID] <> @proposalId AND [STARTEDAT] > @since ORDER BY [STARTEDAT], [ID]`,
      { proposalId, since },
    );
    return rows.map(mapRunRow);
  }

  /** Every journal entry of the proposal's runs, in the order written. */
  async journal(proposalId: string): Promise<JournalEntry[]> {
    const rows = await this.db.query(
      `SELECT [RUNID], [OPID], [PROPOSALID], [ROWKEY], [STATUS], [DETAIL], [AT] FROM ${this.tables.JOURNAL} ` +
        'WHERE [PROPOSALID] = @proposalId ORDER BY [SEQ]',
      { proposalId },
    );
    return rows.map(mapJournalRow);
  }

  /** One autocommitted statement, so that the entry survives a crash right after it. */
  async writeJournal(entry: JournalEntry): Promise<void> {
    await this.db.execute(
      `INSERT INTO ${this.tables.JOURNAL} ([SEQ], [RUNID], [OPID], [PROPOSALID], [ROWKEY], [STATUS], [DETAIL], [AT]) ` +
        `SELECT COALESCE(MAX([SEQ]), 0) + 1, @runId, @opId, @proposalId, @rowKey, @status, @detail, @at FROM ${this.tables.JOURNAL}`,
      { ...entry },
    );
  }
}

function createStatements(name: string, qualified: string, table: TableDef, longText: string): string[] {
  const columns = table.columns.map(([column, type]) => `[${column}] ${type.replace(LONG, longText)}`);
  if (table.primaryKey !== undefined) {
    columns.push(`CONSTRAINT [${name}_PK] PRIMARY KEY (${table.primaryKey.map((column) => `[${column}]`).join(', ')})`);
  }
  return [
    `CREATE TABLE ${qualified} (${columns.join(', ')})`,
    ...(table.indexes ?? []).map(
      (index) =>
        `CREATE ${index.unique === true ? 'UNIQUE ' : ''}INDEX [${name}_${index.suffix}] ON ${qualified} ` +
        `(${index.columns.map((column) => `[${column}]`).join(', ')})${index.where === undefined ? '' : ` WHERE ${index.where}`}`,
    ),
  ];
}

/** `executor.executeMany` when the executor has it, else one `execute` per row. */
async function executeMany(db: SqlExecutor, sql: string, rows: Iterable<SqlParams> | AsyncIterable<SqlParams>): Promise<number> {
  if (db.executeMany !== undefined) return db.executeMany(sql, rows);
  let affected = 0;
  for await (const params of rows) affected += await db.execute(sql, params);
  return affected;
}

function notRegistered(proposalId: string): BobsyncError {
  return new BobsyncError('internal', `proposal ${proposalId} is not registered`);
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function bool(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

function mapMappingRow(row: SqlRow): MappingEntry {
  return {
    bobId: text(row.BOBID),
    crmId: text(row.CRMID),
    noSync: bool(row.NOSYNC),
    linkedAt: intern(text(row.LINKEDAT)),
    lastSyncAt: intern(text(row.LASTSYNCAT)),
  };
}

function mapPersonalFieldRow(row: SqlRow): PersonalFieldSetting {
  return {
    column: text(row.COLUMNNAME),
    crmField: text(row.CRMFIELD),
    selected: bool(row.SELECTED),
    condition: text(row.CONDITIONOP) as PersonalFieldSetting['condition'],
    value: text(row.CONDITIONVALUE),
  };
}

function mapProposalRow(row: SqlRow): ProposalRecord {
  return {
    id: text(row.ID),
    createdAt: text(row.CREATEDAT),
    createdBy: text(row.CREATEDBY),
    format: text(row.FORMAT),
    lang: text(row.LANG),
    fileSha256: text(row.FILESHA256),
    metaSha256: text(row.METASHA256),
    outputPath: text(row.OUTPUTPATH),
    status: text(row.STATUS) as ProposalRecord['status'],
    appliedRun: text(row.APPLIEDRUN),
  };
}

function mapRunRow(row: SqlRow): RunRecord {
  return {
    id: text(row.ID),
    proposalId: text(row.PROPOSALID),
    startedAt: text(row.STARTEDAT),
    startedBy: text(row.STARTEDBY),
    finishedAt: text(row.FINISHEDAT),
    status: text(row.STATUS) as RunStatus,
    fileSha256: text(row.FILESHA256),
    counts: text(row.COUNTS),
    resultSha256: text(row.RESULTSHA256),
  };
}

function mapJournalRow(row: SqlRow): JournalEntry {
  return {
    runId: text(row.RUNID),
    opId: text(row.OPID),
    proposalId: text(row.PROPOSALID),
    rowKey: text(row.ROWKEY),
    status: text(row.STATUS) as JournalStatus,
    detail: text(row.DETAIL),
    at: text(row.AT),
  };
}
