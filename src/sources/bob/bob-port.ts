/**
 * What the rest of the tool needs from the BOB database, made once with the configured schema and
 * personal-field columns, like `CrmPort` and `StatePort`: callers no longer pass the schema along
 * with every read and write. One implementation over `SqlExecutor`, for both engines.
 *
 * `checkSchema()` learns BOB's tables as the database declares them (bob-columns.ts); from then on
 * the SQL uses the names as the database spells them, codes are compared as its collation compares
 * them, and inserts are held to the columns' widths.
 */
import type { BobSchema } from '../../config/types.js';
import type { AnalysisInput, BobColumns, BobContact, BobThirdParty } from '../../engine/model.js';
import { checkBobSchema, type BobLayout } from './bob-columns.js';
import { bobIdsInUse, readBob, readBobContacts, readBobThirdParties, type CodeComparison } from './bob-reader.js';
import { insertContact, insertThirdParty } from './bob-writer.js';
import type { SqlExecutor } from './executor.js';

/** Reads that run inside or outside a transaction. */
export interface BobReads {
  /** The third parties with these codes (those that exist), ordered by code. */
  thirdParties(ids: string[]): Promise<BobThirdParty[]>;
  /** The contact persons of these third parties. */
  contacts(companyIds: string[]): Promise<BobContact[]>;
  /** The codes among `ids` already used (compared without case and surrounding spaces), upper-cased. */
  idsInUse(ids: string[]): Promise<Set<string>>;
}

/** What one transaction may do: read, and insert a customer with its contact persons. */
export interface BobTransaction extends BobReads {
  /**
   * The codes among `ids` already used, read so that no other writer can take one of them before
   * this transaction ends (key-range locks where the engine has them; SQLite's write lock else).
   */
  idsInUse(ids: string[]): Promise<Set<string>>;
  insertThirdParty(party: BobThirdParty): Promise<void>;
  /** Returns the PERSID used (`MAX + 1` when the contact has none). */
  insertContact(contact: BobContact): Promise<string>;
}

export interface BobPort extends BobReads {
  /** The database, for messages (file path or server/database), never with secrets. */
  readonly description: string;
  /**
   * Throws a `config` error naming a configured table or column that is missing, or a column a
   * write would break on; returns BOB's columns (widths and code pages) for the engine.
   */
  checkSchema(): Promise<BobColumns>;
  /** Every third party and contact person. */
  read(): Promise<AnalysisInput['bob']>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: BobTransaction) => Promise<T>): Promise<T>;
}

/** The BOB port over `db` with the configured table and column names. */
export function createBobPort(db: SqlExecutor, schema: BobSchema, personalColumns: readonly string[]): BobPort {
  // Until the schema is checked: the names as configured, codes compared as given.
  let layout: BobLayout | undefined;
  const current = (): { schema: BobSchema; personal: string[]; codes: CodeComparison; columns: BobColumns | undefined } =>
    layout === undefined
      ? { schema, personal: [...personalColumns], codes: { ignoreCase: null, companyIdLength: null, contactCompanyIdLength: null }, columns: undefined }
      : {
          schema: layout.schema,
          personal: layout.personal,
          codes: { ignoreCase: layout.codesIgnoreCase, companyIdLength: layout.companyIdLength, contactCompanyIdLength: layout.contactCompanyIdLength },
          columns: layout.columns,
        };
  const reads = (on: SqlExecutor, lock: boolean): BobReads => ({
    thirdParties: (ids) => {
      const c = current();
      return readBobThirdParties(on, c.schema, c.personal, ids, c.codes);
    },
    contacts: (companyIds) => {
      const c = current();
      return readBobContacts(on, c.schema, companyIds, c.codes);
    },
    idsInUse: (ids) => {
      const c = current();
      return bobIdsInUse(on, c.schema, ids, c.codes, lock);
    },
  });
  return {
    ...reads(db, false),
    description: db.description,
    async checkSchema() {
      layout = await checkBobSchema(db, schema, personalColumns);
      return layout.columns;
    },
    read: () => {
      const c = current();
      return readBob(db, c.schema, c.personal);
    },
    transaction: (work) =>
      db.transaction((tx) => {
        const c = current();
        return work({
          ...reads(tx, true),
          insertThirdParty: (party) => insertThirdParty(tx, c.schema, party, c.personal, c.columns),
          insertContact: (contact) => insertContact(tx, c.schema, contact, c.columns),
        });
      }),
  };
}
