/**
 * What the rest of the tool needs from the BOB database, made once with the configured schema and
 * personal-field columns, like `CrmPort` and `StatePort`: callers no longer pass the schema along
 * with every read and write. One implementation over `SqlExecutor`, for both engines.
 */
import type { BobSchema } from '../../config/types.js';
import type { AnalysisInput, BobContact, BobThirdParty } from '../../engine/model.js';
import { bobIdsInUse, checkBobSchema, readBob, readBobContacts, readBobThirdParties } from './bob-reader.js';
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
  insertThirdParty(party: BobThirdParty): Promise<void>;
  /** Returns the PERSID used (`MAX + 1` when the contact has none). */
  insertContact(contact: BobContact): Promise<string>;
}

export interface BobPort extends BobReads {
  /** The database, for messages (file path or server/database), never with secrets. */
  readonly description: string;
  /** Throws a `config` error naming a configured table or column that is missing. */
  checkSchema(): Promise<void>;
  /** Every third party and contact person. */
  read(): Promise<AnalysisInput['bob']>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: BobTransaction) => Promise<T>): Promise<T>;
}

/** The BOB port over `db` with the configured table and column names. */
export function createBobPort(db: SqlExecutor, schema: BobSchema, personalColumns: readonly string[]): BobPort {
  const personal = [...personalColumns];
  const reads = (on: SqlExecutor): BobReads => ({
    thirdParties: (ids) => readBobThirdParties(on, schema, personal, ids),
    contacts: (companyIds) => readBobContacts(on, schema, companyIds),
    idsInUse: (ids) => bobIdsInUse(on, schema, ids),
  });
  return {
    ...reads(db),
    description: db.description,
    checkSchema: () => checkBobSchema(db, schema, personal),
    read: () => readBob(db, schema, personal),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...reads(tx),
          insertThirdParty: (party) => insertThirdParty(tx, schema, party, personal),
          insertContact: (contact) => insertContact(tx, schema, contact),
        }),
      ),
  };
}
