/**
 * BOB's tables as the database declares them: every configured column with its type, length,
 * NULL-ability and whether the database fills it (identity, computed), and the columns bobsync does
 * not write that an insert cannot leave out (NOT NULL without a default). The schema check
 * (`checkBobSchema`) refuses what would break a write; `describeBobColumns` reports it all as data,
 * for a check command to print.
 */
import type { BobSchema } from '../../config/types.js';
import type { BobColumn, BobColumns, BobCompanyField, BobContactField } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import { bobSql } from './bob-sql.js';
import type { ColumnInfo, SqlExecutor } from './executor.js';

/** A configured column and what the database says about it (null: missing). */
export interface ConfiguredColumn {
  table: string;
  /** The configuration key that names it: `bobSchema.company.name`, `personalFields`. */
  key: string;
  /** As configured. */
  column: string;
  info: ColumnInfo | null;
}

export interface BobTableReport {
  /** As configured. */
  table: string;
  key: string;
  /** Null when the table is missing. */
  columns: ColumnInfo[] | null;
}

export interface BobColumnsReport {
  company: BobTableReport;
  contact: BobTableReport;
  configured: ConfiguredColumn[];
  /**
   * Columns bobsync does not write that an insert cannot leave out: NOT NULL without a default,
   * not filled by the database (identity, computed, rowversion).
   */
  unwritable: Array<{ table: string; column: ColumnInfo }>;
}

/** The configured tables and columns as the database declares them; never throws for what is missing. */
export async function describeBobColumns(db: SqlExecutor, schema: BobSchema, personalColumns: readonly string[]): Promise<BobColumnsReport> {
  bobSql(schema, personalColumns); // every name valid before any is looked up
  const dbSchema = db.capabilities?.schemas === true ? (schema.schema ?? 'dbo') : undefined;
  const read = async (table: string, key: string): Promise<BobTableReport> => ({
    table,
    key,
    columns: await db.columns(dbSchema === undefined ? table : { schema: dbSchema, name: table }),
  });
  const company = await read(schema.companyTable, 'bobSchema.companyTable');
  const contact = await read(schema.contactTable, 'bobSchema.contactTable');
  const find = (report: BobTableReport, column: string): ColumnInfo | null =>
    report.columns?.find((info) => info.name.toUpperCase() === column.toUpperCase()) ?? null;
  const configured: ConfiguredColumn[] = [
    ...(Object.keys(schema.company) as BobCompanyField[]).map((field) => ({
      table: schema.companyTable, key: `bobSchema.company.${field}`, column: schema.company[field], info: find(company, schema.company[field]),
    })),
    ...personalColumns.map((column) => ({ table: schema.companyTable, key: 'personalFields', column, info: find(company, column) })),
    ...(Object.keys(schema.contact) as BobContactField[]).map((field) => ({
      table: schema.contactTable, key: `bobSchema.contact.${field}`, column: schema.contact[field], info: find(contact, schema.contact[field]),
    })),
  ];
  const written = (report: BobTableReport): Set<string> =>
    new Set(configured.filter((entry) => entry.table === report.table).map((entry) => entry.column.toUpperCase()));
  const unwritable: BobColumnsReport['unwritable'] = [];
  for (const report of [company, contact]) {
    const names = written(report);
    for (const column of report.columns ?? []) {
      if (names.has(column.name.toUpperCase())) continue;
      if (!column.nullable && !column.hasDefault && !column.identity && !column.computed) unwritable.push({ table: report.table, column });
    }
  }
  return { company, contact, configured, unwritable };
}

/**
 * What the schema check learnt: the names as the database spells them (a case-sensitive database
 * accepts only those), the columns' widths for the engine, how codes compare, and whether the
 * database numbers contact persons itself.
 */
export interface BobLayout {
  schema: BobSchema;
  personal: string[];
  columns: BobColumns;
  /**
   * CID and PCID compare without case (a CI collation): lookups by `=` find any spelling and can
   * seek; false: a case-sensitive collation, codes are compared upper-cased; null: the engine does not say.
   */
  codesIgnoreCase: boolean | null;
  /** The code columns, when CHAR/VARCHAR: codes are bound as varchar of this length. */
  companyIdLength: number | null;
  contactCompanyIdLength: number | null;
}

/**
 * Checks the configured tables and columns and returns what was learnt. A 'config' error names
 * what is missing and the key to fix, or the column a write would break on: a NOT NULL column
 * without default that bobsync does not write, or a configured column the database fills itself.
 */
export async function checkBobSchema(db: SqlExecutor, schema: BobSchema, personalColumns: readonly string[]): Promise<BobLayout> {
  const report = await describeBobColumns(db, schema, personalColumns);
  for (const table of [report.company, report.contact]) {
    if (table.columns === null) {
      const where = db.capabilities?.schemas === true ? ` (schema ${schema.schema ?? 'dbo'}, "bobSchema.schema")` : '';
      throw new BobsyncError('config', `table ${table.table} is missing from ${db.description}${where}`, {
        hint: `set "${table.key}" in the configuration to the right table, or check that this is a BOB database`,
      });
    }
    const missing = report.configured.filter((entry) => entry.table === table.table && entry.info === null);
    if (missing.length > 0) {
      const columns = missing.map((entry) => entry.column);
      const keys = [...new Set(missing.map((entry) => `"${entry.key}"`))];
      const what = columns.length === 1 ? `column ${columns[0]} is` : `columns ${columns.join(', ')} are`;
      throw new BobsyncError('config', `${what} missing from table ${table.table} in ${db.description}`, {
        hint: `set ${keys.join(', ')} in the configuration to the right column${columns.length === 1 ? '' : 's'}`,
      });
    }
  }
  if (report.unwritable.length > 0) {
    const listed = report.unwritable.map((entry) => `${entry.table}.${entry.column.name}`);
    throw new BobsyncError('config', `${listed.join(', ')} in ${db.description} ${listed.length === 1 ? 'is a NOT NULL column' : 'are NOT NULL columns'} without a default that bobsync does not write: every new customer would be refused`, {
      hint: 'give the column a DEFAULT in the database (ask the BOB administrator), or map it in "bobSchema" to a field bobsync writes',
    });
  }
  const byKey = new Map(report.configured.map((entry) => [entry.key === 'personalFields' ? `pf:${entry.column.toUpperCase()}` : entry.key, entry]));
  const info = (key: string): ColumnInfo => byKey.get(key)!.info!;
  // An IDENTITY PERSID would need the insert to leave it out and read it back (OUTPUT INSERTED),
  // which bobsync does not do yet: refused here rather than by every insert (Msg 544).
  const filledByDatabase = report.configured.filter((entry) => entry.info!.computed || entry.info!.identity);
  if (filledByDatabase.length > 0) {
    throw new BobsyncError('config', `${filledByDatabase.map((entry) => `${entry.table}.${entry.info!.name}`).join(', ')} in ${db.description} ${filledByDatabase.length === 1 ? 'is' : 'are'} filled by the database (IDENTITY or computed), but bobsync writes ${filledByDatabase.length === 1 ? 'it' : 'them'}`, {
      hint: `map ${[...new Set(filledByDatabase.map((entry) => `"${entry.key}"`))].join(', ')} to a column bobsync may write; an IDENTITY contact id is not supported yet`,
    });
  }

  const spelled = (key: string): string => info(key).name;
  const company = Object.fromEntries((Object.keys(schema.company) as BobCompanyField[]).map((field) => [field, spelled(`bobSchema.company.${field}`)]));
  const contact = Object.fromEntries((Object.keys(schema.contact) as BobContactField[]).map((field) => [field, spelled(`bobSchema.contact.${field}`)]));
  const columnOf = (entry: ColumnInfo): BobColumn => ({ maxLength: entry.maxLength, charset: entry.charset });
  const columns: BobColumns = {
    company: Object.fromEntries((Object.keys(schema.company) as BobCompanyField[]).map((field) => [field, columnOf(info(`bobSchema.company.${field}`))])),
    contact: Object.fromEntries((Object.keys(schema.contact) as BobContactField[]).map((field) => [field, columnOf(info(`bobSchema.contact.${field}`))])),
    personal: Object.fromEntries(personalColumns.map((column) => [column.toUpperCase(), columnOf(info(`pf:${column.toUpperCase()}`))])),
  };
  const companyId = info('bobSchema.company.id');
  const contactCompanyId = info('bobSchema.contact.companyId');
  const textLength = (column: ColumnInfo): number | null => (column.type === 'char' || column.type === 'varchar') && column.maxLength !== null ? column.maxLength : null;
  return {
    schema: {
      ...schema,
      companyTable: report.company.columns![0]!.table,
      contactTable: report.contact.columns![0]!.table,
      company: company as BobSchema['company'],
      contact: contact as BobSchema['contact'],
    },
    personal: personalColumns.map((column) => spelled(`pf:${column.toUpperCase()}`)),
    columns,
    codesIgnoreCase:
      companyId.caseSensitive === null || contactCompanyId.caseSensitive === null ? null : !companyId.caseSensitive && !contactCompanyId.caseSensitive,
    companyIdLength: textLength(companyId),
    contactCompanyIdLength: textLength(contactCompanyId),
  };
}

