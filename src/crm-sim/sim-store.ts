/**
 * The simulator's SQLite file: tables `company`, `person`, `address` named after Sage CRM's default
 * fields, plus `custom_field` declaring the custom columns (BobSync, VAT number, BOB id and any the
 * seed adds, e.g. `comp_sector`). Text columns compare case-insensitively, like Sage CRM on SQL
 * Server's default collation. Writes are immediate (autocommit).
 */
import Database from 'better-sqlite3';
import { BobsyncError } from '../errors.js';
import { IDENTIFIER_PATTERN } from '../config/types.js';
import { SimRequestError } from './sim-error.js';
import { parseOrderBy, parseWhere, type SqlParam } from './where-parser.js';

export type SimEntity = 'Company' | 'Person' | 'Address';

export interface SimResource {
  entity: SimEntity;
  table: string;
  /** The key column (INTEGER PRIMARY KEY). */
  key: string;
  /** Standard columns and their captions, key first. */
  standard: readonly { name: string; caption: string; type: string }[];
}

export interface SimFieldInfo {
  name: string;
  caption: string;
  type: string;
  custom: boolean;
}

export type SimRow = Record<string, string | number | null>;

export const SIM_RESOURCES: Readonly<Record<SimEntity, SimResource>> = {
  Company: {
    entity: 'Company',
    table: 'company',
    key: 'comp_companyid',
    standard: [
      { name: 'comp_companyid', caption: 'Company Id', type: 'integer' },
      { name: 'comp_name', caption: 'Name', type: 'string' },
      { name: 'comp_type', caption: 'Type', type: 'string' },
      { name: 'comp_status', caption: 'Status', type: 'string' },
      { name: 'comp_website', caption: 'Website', type: 'string' },
      { name: 'comp_emailaddress', caption: 'E-mail', type: 'string' },
      { name: 'comp_phonenumber', caption: 'Phone', type: 'string' },
    ],
  },
  Person: {
    entity: 'Person',
    table: 'person',
    key: 'pers_personid',
    standard: [
      { name: 'pers_personid', caption: 'Person Id', type: 'integer' },
      { name: 'pers_companyid', caption: 'Company', type: 'integer' },
      { name: 'pers_firstname', caption: 'First Name', type: 'string' },
      { name: 'pers_lastname', caption: 'Last Name', type: 'string' },
      { name: 'pers_title', caption: 'Title', type: 'string' },
      { name: 'pers_emailaddress', caption: 'E-mail', type: 'string' },
      { name: 'pers_phonenumber', caption: 'Phone', type: 'string' },
    ],
  },
  Address: {
    entity: 'Address',
    table: 'address',
    key: 'addr_addressid',
    standard: [
      { name: 'addr_addressid', caption: 'Address Id', type: 'integer' },
      { name: 'addr_companyid', caption: 'Company', type: 'integer' },
      { name: 'addr_address1', caption: 'Address 1', type: 'string' },
      { name: 'addr_address2', caption: 'Address 2', type: 'string' },
      { name: 'addr_postcode', caption: 'Zip Code', type: 'string' },
      { name: 'addr_city', caption: 'City', type: 'string' },
      { name: 'addr_country', caption: 'Country', type: 'string' },
    ],
  },
};

/** Custom fields every simulated CRM has: the ones the BOB connector relies on. */
const BUILT_IN_CUSTOM_FIELDS = [
  { entity: 'Company', name: 'comp_bobsync', caption: 'BobSync', type: 'checkbox' },
  { entity: 'Company', name: 'comp_vatnumber', caption: 'VAT number', type: 'string' },
  { entity: 'Company', name: 'comp_bobid', caption: 'BOB id', type: 'string' },
] as const;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS company (
  comp_companyid INTEGER PRIMARY KEY AUTOINCREMENT,
  comp_name TEXT COLLATE NOCASE, comp_type TEXT COLLATE NOCASE, comp_status TEXT COLLATE NOCASE,
  comp_website TEXT COLLATE NOCASE, comp_emailaddress TEXT COLLATE NOCASE, comp_phonenumber TEXT COLLATE NOCASE,
  comp_bobsync TEXT COLLATE NOCASE, comp_vatnumber TEXT COLLATE NOCASE, comp_bobid TEXT COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS person (
  pers_personid INTEGER PRIMARY KEY AUTOINCREMENT, pers_companyid INTEGER,
  pers_firstname TEXT COLLATE NOCASE, pers_lastname TEXT COLLATE NOCASE, pers_title TEXT COLLATE NOCASE,
  pers_emailaddress TEXT COLLATE NOCASE, pers_phonenumber TEXT COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS address (
  addr_addressid INTEGER PRIMARY KEY AUTOINCREMENT, addr_companyid INTEGER,
  addr_address1 TEXT COLLATE NOCASE, addr_address2 TEXT COLLATE NOCASE, addr_postcode TEXT COLLATE NOCASE,
  addr_city TEXT COLLATE NOCASE, addr_country TEXT COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS custom_field (
  entity TEXT NOT NULL, name TEXT NOT NULL, caption TEXT NOT NULL, type TEXT NOT NULL,
  PRIMARY KEY (entity, name)
);
CREATE INDEX IF NOT EXISTS company_vatnumber ON company (comp_vatnumber);
CREATE INDEX IF NOT EXISTS company_bobid ON company (comp_bobid);
CREATE INDEX IF NOT EXISTS person_companyid ON person (pers_companyid);
CREATE INDEX IF NOT EXISTS address_companyid ON address (addr_companyid);
`;

/** Queries whose ordered keys are kept between pages. */
const KEY_CACHE_SIZE = 8;

/** Feed query parameters, already read from the URL. */
export interface FeedQuery {
  where: string;
  orderBy: string;
  /** 1-based. */
  startIndex: number;
  count: number;
}

export interface SimStore {
  readonly file: string;
  /** The underlying database (the seed loads it directly). */
  readonly db: Database.Database;
  /** Lower-case column names of an entity's table, standard and custom. */
  columns(entity: SimEntity): ReadonlySet<string>;
  /** Every field of an entity, as `$prototypes/<entity>` lists them. */
  fields(entity: SimEntity): SimFieldInfo[];
  /** Declares a custom field (a new column); a field that exists already is left as it is. */
  addCustomField(entity: SimEntity, field: { name: string; caption: string; type: string }): void;
  /** A page of a feed and the total number of matching rows. */
  feed(entity: SimEntity, query: FeedQuery): { total: number; rows: SimRow[] };
  get(entity: SimEntity, id: string): SimRow | undefined;
  insert(entity: SimEntity, values: Record<string, unknown>): SimRow;
  /** The updated row, or undefined when there is no such entry. */
  update(entity: SimEntity, id: string, values: Record<string, unknown>): SimRow | undefined;
  /** True when no company, person or address is stored. */
  isEmpty(): boolean;
  close(): void;
}

/**
 * Opens the simulator database, creating the file and its tables when missing. Refuses a file
 * that holds other tables (it might be a BOB database) or that is not SQLite.
 */
export function openSimStore(file: string): SimStore {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new BobsyncError('missing-input', `Cannot open the CRM simulator database ${file}`, {
      hint: 'check that its folder exists and can be written',
      cause: error,
    });
  }
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    if (tables.length > 0 && !tables.includes('custom_field')) {
      throw new BobsyncError('bad-input', `${file} is not a CRM simulator database (it holds other tables)`, {
        hint: 'give the simulator a new file name',
      });
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA_SQL);
    const declare = db.prepare('INSERT OR IGNORE INTO custom_field (entity, name, caption, type) VALUES (?, ?, ?, ?)');
    for (const f of BUILT_IN_CUSTOM_FIELDS) declare.run(f.entity, f.name, f.caption, f.type);
  } catch (error) {
    db.close();
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('bad-input', `${file} is not a CRM simulator database`, { hint: 'give the simulator a new file name', cause: error });
  }
  return new SqliteSimStore(file, db);
}

class SqliteSimStore implements SimStore {
  private readonly columnCache = new Map<SimEntity, ReadonlySet<string>>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly keyCache = new Map<string, { generation: string; keys: number[] }>();
  /** Bumped by every write: cached keys of an older generation are stale. */
  private generation = 0;

  constructor(
    readonly file: string,
    readonly db: Database.Database,
  ) {}

  columns(entity: SimEntity): ReadonlySet<string> {
    let columns = this.columnCache.get(entity);
    if (columns === undefined) {
      const info = this.db.pragma(`table_info(${SIM_RESOURCES[entity].table})`) as { name: string }[];
      columns = new Set(info.map((c) => c.name.toLowerCase()));
      this.columnCache.set(entity, columns);
    }
    return columns;
  }

  fields(entity: SimEntity): SimFieldInfo[] {
    const resource = SIM_RESOURCES[entity];
    const custom = this.db
      .prepare('SELECT name, caption, type FROM custom_field WHERE entity = ? ORDER BY rowid')
      .all(entity) as { name: string; caption: string; type: string }[];
    return [...resource.standard.map((f) => ({ ...f, custom: false })), ...custom.map((f) => ({ ...f, custom: true }))];
  }

  addCustomField(entity: SimEntity, field: { name: string; caption: string; type: string }): void {
    const name = field.name.toLowerCase();
    if (!IDENTIFIER_PATTERN.test(name)) {
      throw new BobsyncError('bad-input', `Expected the custom field name "${field.name}" to be a plain identifier (letters, digits, _)`);
    }
    const resource = SIM_RESOURCES[entity];
    const declared = this.db.prepare('SELECT 1 FROM custom_field WHERE entity = ? AND name = ?').get(entity, name);
    if (declared !== undefined) return;
    if (this.columns(entity).has(name)) {
      throw new BobsyncError('bad-input', `The custom field "${name}" clashes with a standard field of ${entity}`);
    }
    this.db.transaction(() => {
      this.db.exec(`ALTER TABLE ${resource.table} ADD COLUMN "${name}" TEXT COLLATE NOCASE`);
      this.db
        .prepare('INSERT INTO custom_field (entity, name, caption, type) VALUES (?, ?, ?, ?)')
        .run(entity, name, field.caption || name, field.type || 'string');
    })();
    this.columnCache.delete(entity);
    this.statements.clear();
    this.generation++;
  }

  feed(entity: SimEntity, query: FeedQuery): { total: number; rows: SimRow[] } {
    const resource = SIM_RESOURCES[entity];
    const keys = this.matchingKeys(entity, query.where, query.orderBy);
    const total = keys.length;
    if (query.count === 0 || query.startIndex > total) return { total, rows: [] };
    const pageKeys = keys.slice(query.startIndex - 1, query.startIndex - 1 + query.count);
    const rows = this.statement(`SELECT * FROM ${resource.table} WHERE "${resource.key}" IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(pageKeys),
    ) as SimRow[];
    const position = new Map(pageKeys.map((key, index) => [key, index]));
    rows.sort((a, b) => position.get(a[resource.key] as number)! - position.get(b[resource.key] as number)!);
    return { total, rows };
  }

  /**
   * The keys of every matching row, in feed order. Paging with OFFSET would rescan the table for
   * every page (quadratic over a large feed), so the ordered keys of the last few queries are kept
   * until the next write; pages are then slices of them.
   */
  private matchingKeys(entity: SimEntity, whereText: string, orderByText: string): number[] {
    const resource = SIM_RESOURCES[entity];
    const columns = this.columns(entity);
    const where = whereText.trim() === '' ? { sql: '1', params: [] as SqlParam[] } : parseWhere(whereText, columns);
    const order = orderByText.trim() === '' ? `"${resource.key}" ASC` : `${parseOrderBy(orderByText, columns)}, "${resource.key}" ASC`;
    const sql = `SELECT "${resource.key}" FROM ${resource.table} WHERE ${where.sql} ORDER BY ${order}`;
    const cacheKey = `${sql}\u0000${where.params.map((p) => `${typeof p}:${String(p)}`).join('\u0000')}`;
    // Writes through another connection (a test, a second process) change data_version.
    const generation = `${this.generation}:${String(this.db.pragma('data_version', { simple: true }))}`;
    const cached = this.keyCache.get(cacheKey);
    if (cached !== undefined && cached.generation === generation) {
      this.keyCache.delete(cacheKey); // re-inserted below: most recently used last
      this.keyCache.set(cacheKey, cached);
      return cached.keys;
    }
    const keys = this.statement(sql).pluck().all(...where.params) as number[];
    this.keyCache.delete(cacheKey);
    this.keyCache.set(cacheKey, { generation, keys });
    if (this.keyCache.size > KEY_CACHE_SIZE) this.keyCache.delete(this.keyCache.keys().next().value!);
    return keys;
  }

  get(entity: SimEntity, id: string): SimRow | undefined {
    const resource = SIM_RESOURCES[entity];
    return this.statement(`SELECT * FROM ${resource.table} WHERE "${resource.key}" = ?`).get(id) as SimRow | undefined;
  }

  insert(entity: SimEntity, values: Record<string, unknown>): SimRow {
    const resource = SIM_RESOURCES[entity];
    const row = this.writable(entity, values);
    const names = Object.keys(row);
    const sql =
      names.length === 0
        ? `INSERT INTO ${resource.table} DEFAULT VALUES`
        : `INSERT INTO ${resource.table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    const result = this.statement(sql).run(...Object.values(row));
    this.generation++;
    return this.get(entity, String(result.lastInsertRowid))!;
  }

  update(entity: SimEntity, id: string, values: Record<string, unknown>): SimRow | undefined {
    const resource = SIM_RESOURCES[entity];
    const row = this.writable(entity, values);
    const names = Object.keys(row);
    if (names.length > 0) {
      const assignments = names.map((n) => `"${n}" = ?`).join(', ');
      this.statement(`UPDATE ${resource.table} SET ${assignments} WHERE "${resource.key}" = ?`).run(...Object.values(row), id);
      this.generation++;
    }
    return this.get(entity, id);
  }

  isEmpty(): boolean {
    const any = this.db.prepare('SELECT EXISTS (SELECT 1 FROM company) OR EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM address) AS found').get() as {
      found: number;
    };
    return any.found === 0;
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** A body's fields as column values: `$`-names and the key ignored, unknown fields refused. */
  private writable(entity: SimEntity, values: Record<string, unknown>): Record<string, string | number | null> {
    const columns = this.columns(entity);
    const key = SIM_RESOURCES[entity].key;
    const out: Record<string, string | number | null> = {};
    for (const [rawName, value] of Object.entries(values)) {
      const name = rawName.toLowerCase();
      if (name.startsWith('$') || name === key) continue;
      if (!columns.has(name)) throw new SimRequestError(400, 'BadRequest', `Unknown field "${rawName}" for ${entity}`);
      if (value === null || typeof value === 'string' || typeof value === 'number') out[name] = value;
      else if (typeof value === 'boolean') out[name] = value ? 'Y' : null;
      else throw new SimRequestError(400, 'BadRequest', `Field "${rawName}" must be a string, a number, a boolean or null`);
    }
    return out;
  }

  /** Prepared statements are reused; the cache is bounded because where clauses vary. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The entity a URL segment names (`company`, `Company`, …), or undefined. */
export function simEntity(segment: string): SimEntity | undefined {
  const lower = segment.toLowerCase();
  return (Object.keys(SIM_RESOURCES) as SimEntity[]).find((entity) => entity.toLowerCase() === lower);
}

