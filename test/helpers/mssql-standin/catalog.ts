/**
 * The stand-in's catalog: what SQL Server would know about each table (types, lengths, NULL-ability,
 * defaults, keys and their names), kept in the SQLite database itself so that a rolled-back CREATE
 * is rolled back here too. SQLite tables and columns get internal names (`t7`, `c0`), so that T-SQL
 * names keep SQL Server's rules (case-sensitive in a CS database, any characters in brackets).
 * INFORMATION_SCHEMA.COLUMNS / TABLES and sys.tables / sys.columns are real SQLite tables here,
 * kept up to date by CREATE and DROP.
 */
import type Database from 'better-sqlite3';
import { maxBytes, SYSTEM_TYPE_IDS, isText, isUnicode, sqliteAffinity, type Collation, type SqlType } from './sql-types.js';

export interface ColumnMeta {
  name: string;
  type: SqlType;
  nullable: boolean;
  /** The DEFAULT expression as written, e.g. `'U'`, `0`. */
  defaultText: string | null;
  /** Text columns: the collation's name, as INFORMATION_SCHEMA shows it. */
  collationName: string | null;
  internal: string;
}

export interface KeyMeta {
  name: string;
  kind: 'PRIMARY KEY' | 'UNIQUE' | 'INDEX';
  unique: boolean;
  columns: number[];
  /** The filter of a filtered index: SQLite text over unqualified internal column names, and as written. */
  whereSql: string | null;
  whereText: string | null;
  internal: string;
}

export interface TableMeta {
  objectId: number;
  schema: string;
  name: string;
  internal: string;
  columns: ColumnMeta[];
  keys: KeyMeta[];
  system: boolean;
}

interface SystemTable {
  schema: string;
  name: string;
  internal: string;
  columns: Array<[string, SqlType]>;
}

const sysname: SqlType = { kind: 'nvarchar', length: 128 };
const int: SqlType = { kind: 'int' };
const smallint: SqlType = { kind: 'smallint' };
const tinyint: SqlType = { kind: 'tinyint' };
const bit: SqlType = { kind: 'bit' };

const SYSTEM_TABLES: SystemTable[] = [
  {
    schema: 'INFORMATION_SCHEMA',
    name: 'COLUMNS',
    internal: 'is_columns',
    columns: [
      ['TABLE_CATALOG', sysname], ['TABLE_SCHEMA', sysname], ['TABLE_NAME', sysname], ['COLUMN_NAME', sysname],
      ['ORDINAL_POSITION', int], ['COLUMN_DEFAULT', { kind: 'nvarchar', length: 4000 }], ['IS_NULLABLE', { kind: 'varchar', length: 3 }],
      ['DATA_TYPE', sysname], ['CHARACTER_MAXIMUM_LENGTH', int], ['CHARACTER_OCTET_LENGTH', int], ['NUMERIC_PRECISION', tinyint],
      ['NUMERIC_PRECISION_RADIX', smallint], ['NUMERIC_SCALE', int], ['DATETIME_PRECISION', smallint], ['CHARACTER_SET_NAME', sysname],
      ['COLLATION_NAME', sysname],
    ],
  },
  {
    schema: 'INFORMATION_SCHEMA',
    name: 'TABLES',
    internal: 'is_tables',
    columns: [['TABLE_CATALOG', sysname], ['TABLE_SCHEMA', sysname], ['TABLE_NAME', sysname], ['TABLE_TYPE', { kind: 'varchar', length: 10 }]],
  },
  {
    schema: 'sys',
    name: 'tables',
    internal: 'sys_tables',
    columns: [['name', sysname], ['object_id', int], ['schema_id', int], ['type', { kind: 'char', length: 2 }], ['type_desc', { kind: 'nvarchar', length: 60 }]],
  },
  {
    schema: 'sys',
    name: 'columns',
    internal: 'sys_columns',
    columns: [
      ['object_id', int], ['name', sysname], ['column_id', int], ['system_type_id', tinyint], ['user_type_id', int],
      ['max_length', smallint], ['precision', tinyint], ['scale', tinyint], ['collation_name', sysname], ['is_nullable', bit],
      ['is_identity', bit], ['is_computed', bit], ['default_object_id', int],
    ],
  },
];

export interface CatalogOptions {
  collation: Collation;
  collationName: string;
  database: string;
  varcharCodePage: 1252 | 65001;
}

export class Catalog {
  /** Bumped on every change, so compiled statements of an older catalog are not reused. */
  generation = 0;
  private tables = new Map<number, TableMeta>();

  constructor(
    private readonly db: Database.Database,
    readonly options: CatalogOptions,
  ) {
    // A shared file made by another process's stand-in has the catalog already.
    const existing = db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = '__catalog'`).pluck().get() as number;
    if (existing === 0) {
      db.exec('CREATE TABLE "__catalog" ("object_id" INTEGER PRIMARY KEY, "definition" TEXT NOT NULL)');
      db.exec('CREATE TABLE "__sequence" ("next" INTEGER NOT NULL)');
      db.exec('INSERT INTO "__sequence" VALUES (245575913)');
      db.exec('CREATE TABLE "__applocks" ("resource" TEXT PRIMARY KEY, "session" TEXT NOT NULL, "pid" INTEGER NOT NULL)');
    }
    SYSTEM_TABLES.forEach((system, index) => {
      const meta: TableMeta = {
        objectId: -100 - index,
        schema: system.schema,
        name: system.name,
        internal: system.internal,
        columns: system.columns.map(([name, type], i) => ({
          name,
          type: isText(type) ? { ...type, collation: options.collation } : type,
          nullable: true,
          defaultText: null,
          collationName: isText(type) ? options.collationName : null,
          internal: `c${i}`,
        })),
        keys: [],
        system: true,
      };
      if (existing === 0) db.exec(`CREATE TABLE "${meta.internal}" (${meta.columns.map((column) => `"${column.internal}" ${sqliteAffinity(column.type.kind)}`).join(', ')})`);
      this.tables.set(meta.objectId, meta);
    });
    if (existing > 0) this.reload();
  }

  /** Same identifier under the database's collation (identifiers are case-sensitive in a CS database). */
  sameName(a: string, b: string): boolean {
    return this.options.collation === 'CS' ? a === b : a.toLowerCase() === b.toLowerCase();
  }

  byId(objectId: number): TableMeta | undefined {
    return this.tables.get(objectId);
  }

  /**
   * The table a one- to three-part name means: `T` and `dbo.T` are the same table (the only schema
   * of user tables here); `INFORMATION_SCHEMA.COLUMNS`, `sys.columns`. Undefined when none.
   */
  resolve(parts: string[]): TableMeta | undefined {
    let schema = 'dbo';
    let name = parts.at(-1)!;
    if (parts.length >= 2) schema = parts.at(-2)!;
    if (parts.length === 3 && !this.sameName(parts[0]!, this.options.database)) return undefined;
    for (const table of this.tables.values()) {
      if (this.sameName(table.name, name) && this.sameName(table.schema, schema)) return table;
    }
    return undefined;
  }

  /** An object of the schema (a table or a PRIMARY KEY / UNIQUE constraint) with this name. */
  objectNamed(name: string): boolean {
    for (const table of this.tables.values()) {
      if (table.system) continue;
      if (this.sameName(table.name, name)) return true;
      if (table.keys.some((key) => key.kind !== 'INDEX' && this.sameName(key.name, name))) return true;
    }
    return false;
  }

  nextObjectId(): number {
    const row = this.db.prepare('SELECT "next" FROM "__sequence"').get() as { next: number };
    this.db.prepare('UPDATE "__sequence" SET "next" = "next" + 16000057').run();
    return row.next;
  }

  /** Records a table created in SQLite (within the caller's savepoint). */
  add(table: TableMeta): void {
    this.db.prepare('INSERT INTO "__catalog" VALUES (?, ?)').run(table.objectId, JSON.stringify(table));
    this.writeSystemRows(table);
    this.tables.set(table.objectId, table);
    this.generation++;
  }

  /** Replaces a table's definition (a new index). */
  update(table: TableMeta): void {
    this.db.prepare('UPDATE "__catalog" SET "definition" = ? WHERE "object_id" = ?').run(JSON.stringify(table), table.objectId);
    this.tables.set(table.objectId, table);
    this.generation++;
  }

  remove(table: TableMeta): void {
    this.db.prepare('DELETE FROM "__catalog" WHERE "object_id" = ?').run(table.objectId);
    this.deleteSystemRows(table);
    this.tables.delete(table.objectId);
    this.generation++;
  }

  /** Reads the catalog back from SQLite, after a rollback that may have undone DDL. */
  reload(): void {
    for (const [id, table] of this.tables) if (!table.system) this.tables.delete(id);
    for (const row of this.db.prepare('SELECT "definition" FROM "__catalog"').all() as Array<{ definition: string }>) {
      const table = JSON.parse(row.definition) as TableMeta;
      this.tables.set(table.objectId, table);
    }
    this.generation++;
  }

  private writeSystemRows(table: TableMeta): void {
    const { database } = this.options;
    const insert = (internal: string, values: unknown[]): void => {
      this.db.prepare(`INSERT INTO "${internal}" VALUES (${values.map(() => '?').join(', ')})`).run(...(values as never[]));
    };
    insert('is_tables', [database, table.schema, table.name, 'BASE TABLE']);
    insert('sys_tables', [table.name, table.objectId, 1, 'U ', 'USER_TABLE']);
    table.columns.forEach((column, index) => {
      const { type } = column;
      const text = isText(type) || type.kind === 'binary' || type.kind === 'varbinary';
      const characters = text ? (type.length === 'max' ? -1 : (type.length ?? 1)) : null;
      const octets = text ? (type.length === 'max' ? -1 : maxBytes(type)) : null;
      const precision = numericPrecision(type);
      insert('is_columns', [
        database, table.schema, table.name, column.name, index + 1,
        column.defaultText === null ? null : /^[-+]?[\d.]/.test(column.defaultText) ? `((${column.defaultText}))` : `(${column.defaultText})`,
        column.nullable ? 'YES' : 'NO', type.kind === 'decimal' ? 'decimal' : type.kind, characters, octets,
        precision, precision === null ? null : type.kind === 'float' || type.kind === 'real' ? 2 : 10,
        scaleOf(type), datetimePrecision(type),
        isText(type) ? (isUnicode(type) ? 'UNICODE' : this.options.varcharCodePage === 65001 ? 'UTF8' : 'iso_1') : null,
        column.collationName,
      ]);
      insert('sys_columns', [
        table.objectId, column.name, index + 1, SYSTEM_TYPE_IDS[type.kind], SYSTEM_TYPE_IDS[type.kind], maxBytes(type),
        precision ?? 0, scaleOf(type) ?? 0, column.collationName, column.nullable ? 1 : 0, 0, 0,
        column.defaultText === null ? 0 : table.objectId + index + 1,
      ]);
    });
  }

  private deleteSystemRows(table: TableMeta): void {
    this.db.prepare('DELETE FROM "is_tables" WHERE "c2" = ? AND "c1" = ?').run(table.name, table.schema);
    this.db.prepare('DELETE FROM "is_columns" WHERE "c2" = ? AND "c1" = ?').run(table.name, table.schema);
    this.db.prepare('DELETE FROM "sys_tables" WHERE "c1" = ?').run(table.objectId);
    this.db.prepare('DELETE FROM "sys_columns" WHERE "c0" = ?').run(table.objectId);
  }
}

function numericPrecision(type: SqlType): number | null {
  switch (type.kind) {
    case 'tinyint': return 3;
    case 'smallint': return 5;
    case 'int': return 10;
    case 'bigint': return 19;
    case 'float': return 53;
    case 'real': return 24;
    case 'decimal': return type.precision ?? 18;
    default: return null;
  }
}

function scaleOf(type: SqlType): number | null {
  if (type.kind === 'decimal') return type.scale ?? 0;
  if (type.kind === 'tinyint' || type.kind === 'smallint' || type.kind === 'int' || type.kind === 'bigint') return 0;
  return null;
}

function datetimePrecision(type: SqlType): number | null {
  if (type.kind === 'datetime2') return type.scale ?? 7;
  if (type.kind === 'datetime') return 3;
  if (type.kind === 'date') return 0;
  return null;
}
