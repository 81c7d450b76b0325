/**
 * T-SQL syntax tree → SQLite SQL with SQL Server's meaning:
 * - every name is resolved against the catalog first (208, 207, 4104 as SQL Server raises them);
 * - text comparisons go through `bsy_ck_ci` / `bsy_ck_cs` (trailing spaces ignored, and case too
 *   under a CI collation), ORDER BY on text through the same key;
 * - every value written to a column goes through `bsy_store`, which converts it as SQL Server
 *   would and raises 515, 2628/8152, 245…;
 * - `+` on text is concatenation, conditions must be conditions (4145), aggregates cannot sit next
 *   to bare columns (8120): SQLite would accept all three silently.
 * Anything not handled raises StandinUnsupportedError.
 */
import type Database from 'better-sqlite3';
import type { Catalog, ColumnMeta, KeyMeta, TableMeta } from './catalog.js';
import { StandinUnsupportedError, StatementFailure } from './errors.js';
import type { ColumnDef, Expr, ObjectName, Select, Statement } from './parser.js';
import {
  INTEGER_KINDS, UNSUPPORTED_TYPE_NAMES, DATE_KINDS, isNumeric, isText, isUnicode, sqliteAffinity, typeInfo,
  type Collation, type SqlType, type TypeKind,
} from './sql-types.js';
import { toCp1252 } from './values.js';

export type Binding = { kind: 'param'; name: string } | { kind: 'sysvar'; name: 'ROWCOUNT' | 'TRANCOUNT' };

export interface OutputColumn {
  name: string;
  type: SqlType;
}

/** How to find the new key values of a write, to name the duplicate in a 2627/2601 message. */
export interface WriteProbe {
  /** SELECT of the new rows' values of `keyColumns`, in that order. */
  candidatesSql: string;
  keyColumns: number[];
  /** UPDATE: the rows being changed (over the table's internal name), left out of the comparison. */
  changingSql: string | null;
}

export type Compiled =
  | { kind: 'select'; sql: string; bindings: Binding[]; columns: OutputColumn[] }
  | { kind: 'write'; sql: string; bindings: Binding[]; table: TableMeta; probe: WriteProbe | null }
  | { kind: 'ddl'; apply: () => void }
  | { kind: 'set'; nocount: boolean };

export interface CompileContext {
  db: Database.Database;
  catalog: Catalog;
  /** The database default. */
  collation: Collation;
  collationName: string;
  database: string;
  varcharCodePage: 1252 | 65001;
  /** The type of a parameter of the request, by name as written. */
  paramType(name: string): SqlType | undefined;
}

interface Scope {
  table: TableMeta;
  alias: string | null;
  /** How columns are qualified in SQLite: `"s"`, the internal table name, or nothing (index filters). */
  sqlName: string | null;
}

interface CExpr {
  sql: string;
  type: SqlType;
  /** A condition (comparison, IN, IS NULL, AND/OR/NOT), which T-SQL does not treat as a value. */
  condition: boolean;
}

const NULL_TYPE: SqlType = { kind: 'null' };
const INT: SqlType = { kind: 'int' };
const NUMERIC_ORDER: TypeKind[] = ['bit', 'tinyint', 'smallint', 'int', 'bigint', 'decimal', 'real', 'float'];

const quote = (name: string): string => `"${name}"`;
const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const ck = (collation: Collation): string => `bsy_ck_${collation.toLowerCase()}`;
export const keyFunction = (collation: Collation): string => `bsy_key_${collation.toLowerCase()}`;

export function compileStatement(statement: Statement, ctx: CompileContext): Compiled {
  switch (statement.kind) {
    case 'select': {
      const compiler = new ExprCompiler(ctx, null);
      const parts = compileSelect(statement, ctx, compiler);
      return { kind: 'select', sql: parts.sql, bindings: compiler.bindings, columns: parts.columns };
    }
    case 'insert':
      return compileInsert(statement, ctx);
    case 'update':
      return compileUpdate(statement, ctx);
    case 'delete': {
      const table = writableTable(statement.table, ctx);
      const compiler = new ExprCompiler(ctx, { table, alias: null, sqlName: quote(table.internal) });
      const where = statement.where === null ? '' : ` WHERE ${compiler.condition(statement.where).sql}`;
      return { kind: 'write', sql: `DELETE FROM ${quote(table.internal)}${where}`, bindings: compiler.bindings, table, probe: null };
    }
    case 'createTable':
      return { kind: 'ddl', apply: () => createTable(statement, ctx) };
    case 'createIndex':
      return { kind: 'ddl', apply: () => createIndex(statement, ctx) };
    case 'dropTable':
      return { kind: 'ddl', apply: () => dropTables(statement, ctx) };
    case 'set':
      return { kind: 'set', nocount: statement.on };
  }
}

// --- SELECT --------------------------------------------------------------------------------------

interface SelectParts {
  sql: string;
  columns: OutputColumn[];
  items: string[];
  /** `FROM … WHERE … ORDER BY … LIMIT …`, everything after the select list. */
  tail: string;
}

function compileSelect(select: Select, ctx: CompileContext, compiler: ExprCompiler): SelectParts {
  let scope: Scope | null = null;
  if (select.from !== null) {
    const table = ctx.catalog.resolve(select.from.name.parts);
    if (table === undefined) throw invalidObject(select.from.name);
    scope = { table, alias: select.from.alias, sqlName: '"s"' };
    compiler.scope = scope;
  }
  const items: string[] = [];
  const columns: OutputColumn[] = [];
  const aliases: Array<{ name: string; expr: CExpr }> = [];
  for (const item of select.items) {
    if (item.kind === 'star') {
      if (scope === null) throw new StatementFailure(263, 'Must specify table to select from.', 'batch');
      for (const column of scope.table.columns) {
        compiler.noteBareColumn(scope.table, column);
        items.push(`"s".${quote(column.internal)}`);
        columns.push({ name: column.name, type: column.type });
      }
      continue;
    }
    const expr = compiler.value(item.expr);
    const name = item.alias ?? (item.expr.kind === 'column' ? item.expr.parts.at(-1)! : '');
    items.push(expr.sql);
    columns.push({ name, type: expr.type });
    if (name !== '') aliases.push({ name, expr });
  }
  compiler.checkAggregates('select list');
  const where = select.where === null ? '' : ` WHERE ${compiler.condition(select.where).sql}`;
  compiler.clearBareColumns();
  const order: string[] = [];
  for (const { expr, desc } of select.orderBy) {
    let compiled: CExpr | undefined;
    if (expr.kind === 'column' && expr.parts.length === 1) {
      compiled = aliases.find((alias) => ctx.catalog.sameName(alias.name, expr.parts[0]!))?.expr;
    }
    if (compiled === undefined && expr.kind === 'literal' && expr.type === 'number') {
      const position = Number(expr.value);
      if (!Number.isInteger(position) || position < 1 || position > items.length) {
        throw new StatementFailure(108, `The ORDER BY position number ${expr.text} is out of range of the number of items in the select list.`, 'batch', 15);
      }
      compiled = { sql: items[position - 1]!, type: columns[position - 1]!.type, condition: false };
    }
    compiled ??= compiler.value(expr);
    const key = isText(compiled.type) ? `${ck(compiled.type.collation ?? ctx.collation)}(${compiled.sql})` : compiled.sql;
    order.push(`${key}${desc ? ' DESC' : ''}`);
  }
  compiler.checkAggregates('ORDER BY clause');
  let limit = '';
  if (select.top !== null) {
    const top = compiler.value(select.top);
    if (!INTEGER_KINDS.has(top.type.kind)) throw new StatementFailure(1060, 'The number of rows in the TOP clause must be an integer.', 'batch', 15);
    limit = ` LIMIT ${top.sql}`;
  }
  const from = scope === null ? '' : ` FROM ${quote(scope.table.internal)} AS "s"`;
  const tail = `${from}${where}${order.length === 0 ? '' : ` ORDER BY ${order.join(', ')}`}${limit}`;
  const sql = `SELECT ${items.map((item, index) => `${item} AS "c${index}"`).join(', ')}${tail}`;
  return { sql, columns, items, tail };
}

// --- INSERT, UPDATE ------------------------------------------------------------------------------

function writableTable(name: ObjectName, ctx: CompileContext): TableMeta {
  const table = ctx.catalog.resolve(name.parts);
  if (table === undefined) throw invalidObject(name);
  if (table.system) throw new StatementFailure(259, 'Ad hoc updates to system catalogs are not allowed.', 'batch');
  return table;
}

function column(table: TableMeta, name: string, ctx: CompileContext): number {
  const index = table.columns.findIndex((candidate) => ctx.catalog.sameName(candidate.name, name));
  if (index < 0) throw new StatementFailure(207, `Invalid column name '${name}'.`, 'batch');
  return index;
}

const store = (sql: string, table: TableMeta, index: number, verb: 'INSERT' | 'UPDATE'): string =>
  `bsy_store(${sql}, ${table.objectId}, ${index}, '${verb}')`;

function uniqueColumns(table: TableMeta): number[] {
  const columns = new Set<number>();
  for (const key of table.keys) if (key.unique) key.columns.forEach((index) => columns.add(index));
  return [...columns].sort((a, b) => a - b);
}

function compileInsert(statement: Extract<Statement, { kind: 'insert' }>, ctx: CompileContext): Compiled {
  const table = writableTable(statement.table, ctx);
  const targets = statement.columns === null ? table.columns.map((_, index) => index) : statement.columns.map((name) => column(table, name, ctx));
  const seen = new Set<number>();
  for (const index of targets) {
    if (seen.has(index)) {
      throw new StatementFailure(264, `The column name '${table.columns[index]!.name}' is specified more than once in the SET clause or column list of an INSERT. A column cannot be assigned more than one value in the same clause. Modify the clause to make sure that a column is updated only once. If this statement updates or inserts columns into a view, column aliasing can conceal the duplication in your code.`, 'batch');
    }
    seen.add(index);
  }
  // Left out: a default, NULL, or for a NOT NULL column without default a NULL that fails with 515.
  const compiler = new ExprCompiler(ctx, null);
  const omitted = table.columns
    .map((meta, index) => ({ meta, index }))
    .filter(({ meta, index }) => !seen.has(index) && (meta.defaultText !== null || !meta.nullable));
  const omittedSql = omitted.map(({ meta, index }) => store(meta.defaultText === null ? 'NULL' : compiler.value(defaultExpr(meta)).sql, table, index, 'INSERT'));
  const allTargets = [...targets, ...omitted.map(({ index }) => index)];
  const columnList = allTargets.map((index) => quote(table.columns[index]!.internal)).join(', ');
  const keyColumns = uniqueColumns(table);
  let sql: string;
  let candidatesSql: string;
  if (statement.rows !== null) {
    if (statement.rows.length > 1000) {
      throw new StatementFailure(10738, 'The number of row value expressions in the INSERT statement exceeds the maximum allowed number of 1000 row values.', 'batch', 15);
    }
    const rows = statement.rows.map((row) => {
      if (row.length !== targets.length) throw valuesMismatch(row.length > targets.length);
      return [...row.map((expr, i) => store(compiler.value(expr).sql, table, targets[i]!, 'INSERT')), ...omittedSql];
    });
    sql = `INSERT INTO ${quote(table.internal)} (${columnList}) VALUES ${rows.map((row) => `(${row.join(', ')})`).join(', ')}`;
    const position = (index: number): number => allTargets.indexOf(index);
    candidatesSql = `SELECT * FROM (VALUES ${rows.map((row) => `(${keyColumns.map((index) => (position(index) < 0 ? 'NULL' : row[position(index)]!)).join(', ')})`).join(', ')})`;
  } else {
    const select = statement.select!;
    const parts = compileSelect(select, ctx, compiler);
    if (parts.items.length !== targets.length) {
      const fewer = parts.items.length < targets.length;
      throw new StatementFailure(fewer ? 120 : 121, `The select list for the INSERT statement contains ${fewer ? 'fewer' : 'more'} items than the insert list. The number of SELECT values must match the number of INSERT columns.`, 'batch', 15);
    }
    const values = [...parts.items.map((item, i) => store(item, table, targets[i]!, 'INSERT')), ...omittedSql];
    sql = `INSERT INTO ${quote(table.internal)} (${columnList}) SELECT ${values.join(', ')}${parts.tail}`;
    candidatesSql = `SELECT ${keyColumns.map((index) => (allTargets.includes(index) ? values[allTargets.indexOf(index)]! : 'NULL')).join(', ') || 'NULL'}${parts.tail}`;
  }
  const probe = keyColumns.length === 0 ? null : { candidatesSql, keyColumns, changingSql: null };
  return { kind: 'write', sql, bindings: compiler.bindings, table, probe };
}

function valuesMismatch(moreValues: boolean): StatementFailure {
  return moreValues
    ? new StatementFailure(110, 'There are fewer columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.', 'batch', 15)
    : new StatementFailure(109, 'There are more columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.', 'batch', 15);
}

function defaultExpr(meta: ColumnMeta): Expr {
  const text = meta.defaultText!;
  if (/^N?'/i.test(text)) {
    const national = /^N/i.test(text);
    const value = text.slice(national ? 2 : 1, -1).replace(/''/g, "'");
    return { kind: 'literal', type: 'string', value, national, text };
  }
  if (/^null$/i.test(text)) return { kind: 'literal', type: 'null', value: null, national: false, text };
  return { kind: 'literal', type: 'number', value: Number(text), national: false, text };
}

function compileUpdate(statement: Extract<Statement, { kind: 'update' }>, ctx: CompileContext): Compiled {
  const table = writableTable(statement.table, ctx);
  const compiler = new ExprCompiler(ctx, { table, alias: null, sqlName: quote(table.internal) });
  const assigned = new Map<number, string>();
  for (const { column: name, value } of statement.sets) {
    const index = column(table, name, ctx);
    if (assigned.has(index)) {
      throw new StatementFailure(264, `The column name '${table.columns[index]!.name}' is specified more than once in the SET clause or column list of an INSERT. A column cannot be assigned more than one value in the same clause. Modify the clause to make sure that a column is updated only once. If this statement updates or inserts columns into a view, column aliasing can conceal the duplication in your code.`, 'batch');
    }
    assigned.set(index, store(compiler.value(value).sql, table, index, 'UPDATE'));
  }
  const where = statement.where === null ? null : compiler.condition(statement.where).sql;
  const sets = [...assigned].map(([index, sql]) => `${quote(table.columns[index]!.internal)} = ${sql}`).join(', ');
  const sql = `UPDATE ${quote(table.internal)} SET ${sets}${where === null ? '' : ` WHERE ${where}`}`;
  const keyColumns = uniqueColumns(table);
  const probe = keyColumns.some((index) => assigned.has(index))
    ? {
        candidatesSql: `SELECT ${keyColumns.map((index) => assigned.get(index) ?? `${quote(table.internal)}.${quote(table.columns[index]!.internal)}`).join(', ')} FROM ${quote(table.internal)}${where === null ? '' : ` WHERE ${where}`}`,
        keyColumns,
        changingSql: where ?? '1',
      }
    : null;
  return { kind: 'write', sql, bindings: compiler.bindings, table, probe };
}

// --- expressions ---------------------------------------------------------------------------------

class ExprCompiler {
  readonly bindings: Binding[] = [];
  private readonly bindingNames = new Map<string, number>();
  private aggregateDepth = 0;
  private aggregateSeen = false;
  private bareColumns: string[] = [];

  constructor(
    private readonly ctx: CompileContext,
    public scope: Scope | null,
  ) {}

  /** A value: anything but a condition. */
  value(expr: Expr): CExpr {
    const compiled = this.expr(expr);
    if (compiled.condition) throw new StatementFailure(102, "Incorrect syntax near '='.", 'batch', 15);
    return compiled;
  }

  /** A condition, as WHERE, AND, OR and NOT need. */
  condition(expr: Expr): CExpr {
    const compiled = this.expr(expr);
    if (!compiled.condition) {
      const near = expr.kind === 'column' ? expr.parts.at(-1)! : expr.kind === 'param' ? `@${expr.name}` : expr.kind === 'literal' ? expr.text : ')';
      throw new StatementFailure(4145, `An expression of non-boolean type specified in a context where a condition is expected, near '${near}'.`, 'batch', 15);
    }
    return compiled;
  }

  noteBareColumn(table: TableMeta, meta: ColumnMeta): void {
    if (this.aggregateDepth === 0) this.bareColumns.push(`${table.name}.${meta.name}`);
  }

  /** 8120 / 8127: an aggregate next to a column outside any aggregate (no GROUP BY here). */
  /** Forgets the columns seen so far (a WHERE clause may use any column next to aggregates). */
  clearBareColumns(): void {
    this.bareColumns = [];
  }

  checkAggregates(where: 'select list' | 'ORDER BY clause'): void {
    if (!this.aggregateSeen || this.bareColumns.length === 0) {
      this.bareColumns = [];
      return;
    }
    const name = this.bareColumns[0]!;
    if (where === 'select list') {
      throw new StatementFailure(8120, `Column '${name}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`, 'batch');
    }
    throw new StatementFailure(8127, `Column "${name}" is invalid in the ORDER BY clause because it is not contained in either an aggregate function or the GROUP BY clause.`, 'batch');
  }

  private bind(binding: Binding): string {
    const key = `${binding.kind}:${binding.name}`;
    let index = this.bindingNames.get(key);
    if (index === undefined) {
      index = this.bindings.length;
      this.bindings.push(binding);
      this.bindingNames.set(key, index);
    }
    return `@b${index}`;
  }

  private expr(expr: Expr): CExpr {
    switch (expr.kind) {
      case 'literal':
        return this.literal(expr);
      case 'param': {
        const type = this.ctx.paramType(expr.name);
        if (type === undefined) throw new StatementFailure(137, `Must declare the scalar variable "@${expr.name}".`, 'batch', 15, 2);
        return { sql: this.bind({ kind: 'param', name: expr.name }), type, condition: false };
      }
      case 'sysvar':
        if (expr.name === 'ROWCOUNT' || expr.name === 'TRANCOUNT') return { sql: this.bind({ kind: 'sysvar', name: expr.name }), type: INT, condition: false };
        throw unsupported(`@@${expr.name}`);
      case 'column':
        return this.columnRef(expr.parts);
      case 'unary': {
        if (expr.op === 'NOT') return { sql: `(NOT ${this.condition(expr.operand).sql})`, type: INT, condition: true };
        const operand = this.numeric(this.value(expr.operand));
        return { sql: `(${expr.op}${operand.sql})`, type: operand.type, condition: false };
      }
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right);
      case 'in':
        return this.in(expr.operand, expr.list, expr.not);
      case 'isnull': {
        const operand = this.value(expr.operand);
        return { sql: `(${operand.sql} IS ${expr.not ? 'NOT ' : ''}NULL)`, type: INT, condition: true };
      }
      case 'call':
        return this.call(expr.name, expr.args, expr.star);
    }
  }

  private literal(expr: Extract<Expr, { kind: 'literal' }>): CExpr {
    if (expr.type === 'null') return { sql: 'NULL', type: NULL_TYPE, condition: false };
    if (expr.type === 'string') {
      // A literal without N is varchar: SQL Server reads it in the database's code page.
      const value = expr.national || this.ctx.varcharCodePage === 65001 ? String(expr.value) : toCp1252(String(expr.value), true);
      return { sql: sqlString(value), type: { kind: expr.national ? 'nvarchar' : 'varchar', length: Math.max(1, value.length) }, condition: false };
    }
    const text = expr.text;
    let type: SqlType;
    if (/^\d+$/.test(text)) {
      const value = BigInt(text);
      type = value <= 2147483647n ? INT : value <= 9223372036854775807n ? { kind: 'bigint' } : { kind: 'decimal', precision: text.length, scale: 0 };
    } else if (/e/i.test(text)) {
      type = { kind: 'float' };
    } else {
      const [whole = '', fraction = ''] = text.split('.');
      type = { kind: 'decimal', precision: Math.max(1, whole.length + fraction.length), scale: fraction.length };
    }
    return { sql: text, type, condition: false };
  }

  private columnRef(parts: string[]): CExpr {
    const scope = this.scope;
    const name = parts.at(-1)!;
    if (scope === null) throw new StatementFailure(207, `Invalid column name '${name}'.`, 'batch');
    if (parts.length > 1) {
      const qualifier = parts.slice(0, -1);
      const matches =
        scope.alias !== null
          ? qualifier.length === 1 && this.ctx.catalog.sameName(qualifier[0]!, scope.alias)
          : this.ctx.catalog.sameName(qualifier.at(-1)!, scope.table.name) &&
            (qualifier.length === 1 || this.ctx.catalog.sameName(qualifier.at(-2)!, scope.table.schema));
      if (!matches) throw new StatementFailure(4104, `The multi-part identifier "${parts.join('.')}" could not be bound.`, 'batch');
    }
    const index = scope.table.columns.findIndex((candidate) => this.ctx.catalog.sameName(candidate.name, name));
    if (index < 0) throw new StatementFailure(207, `Invalid column name '${name}'.`, 'batch');
    const meta = scope.table.columns[index]!;
    this.noteBareColumn(scope.table, meta);
    const sql = scope.sqlName === null ? quote(meta.internal) : `${scope.sqlName}.${quote(meta.internal)}`;
    return { sql, type: meta.type, condition: false };
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr): CExpr {
    if (op === 'AND' || op === 'OR') {
      return { sql: `(${this.condition(leftExpr).sql} ${op} ${this.condition(rightExpr).sql})`, type: INT, condition: true };
    }
    const left = this.value(leftExpr);
    const right = this.value(rightExpr);
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) return this.compare(op, left, right);
    if (op === '+' && (isText(left.type) || isText(right.type)) && !isNumeric(left.type) && !isNumeric(right.type)) {
      if (DATE_KINDS.has(left.type.kind) || DATE_KINDS.has(right.type.kind)) throw unsupported('+ between a date and text');
      const unicode = isUnicode(left.type) || isUnicode(right.type);
      const length = (side: SqlType): number | 'max' => (side.length === 'max' ? 'max' : (side.length ?? 0));
      const [a, b] = [length(left.type), length(right.type)];
      const total = a === 'max' || b === 'max' ? 'max' : Math.min(a + b, unicode ? 4000 : 8000);
      return { sql: `(${left.sql} || ${right.sql})`, type: { kind: unicode ? 'nvarchar' : 'varchar', length: total, collation: left.type.collation ?? right.type.collation }, condition: false };
    }
    if (DATE_KINDS.has(left.type.kind) || DATE_KINDS.has(right.type.kind)) throw unsupported(`date arithmetic (${op})`);
    const a = this.numeric(left);
    const b = this.numeric(right);
    const type = wider(a.type, b.type);
    if (op === '/' || op === '%') return { sql: `(${a.sql} ${op} bsy_nonzero(${b.sql}))`, type, condition: false };
    return { sql: `(${a.sql} ${op} ${b.sql})`, type, condition: false };
  }

  /** Text converted to a number where T-SQL's type precedence converts it (245 when it is not one). */
  private numeric(expr: CExpr): CExpr {
    if (isNumeric(expr.type) || expr.type.kind === 'null') return expr;
    if (isText(expr.type)) return { sql: `bsy_to_number(${expr.sql})`, type: INT, condition: false };
    throw unsupported(`arithmetic on ${expr.type.kind}`);
  }

  private compare(op: string, left: CExpr, right: CExpr): CExpr {
    const condition = (sql: string): CExpr => ({ sql, type: INT, condition: true });
    if ((isText(left.type) || left.type.kind === 'null') && (isText(right.type) || right.type.kind === 'null')) {
      const collation = this.collation(left.type, right.type, op);
      return condition(`(${ck(collation)}(${left.sql}) ${op} ${ck(collation)}(${right.sql}))`);
    }
    if (DATE_KINDS.has(left.type.kind) || DATE_KINDS.has(right.type.kind)) {
      const date = (side: CExpr): string => (isText(side.type) ? `bsy_to_date(${side.sql})` : side.sql);
      if (![left, right].every((side) => DATE_KINDS.has(side.type.kind) || isText(side.type) || side.type.kind === 'null')) {
        throw unsupported(`comparing ${left.type.kind} with ${right.type.kind}`);
      }
      return condition(`(${date(left)} ${op} ${date(right)})`);
    }
    if (left.type.kind === 'varbinary' || right.type.kind === 'varbinary' || left.type.kind === 'binary' || right.type.kind === 'binary') {
      throw unsupported('comparing binary values');
    }
    return condition(`(${this.numeric(left).sql} ${op} ${this.numeric(right).sql})`);
  }

  /** The collation of a comparison: a column's over the database default; two different ones conflict (468). */
  private collation(a: SqlType, b: SqlType, op: string): Collation {
    if (a.collation !== undefined && b.collation !== undefined && a.collation !== b.collation) {
      const operation = op === '=' ? 'equal to' : op === '<>' ? 'not equal to' : op === '<' ? 'less than' : op === '>' ? 'greater than' : op === '<=' ? 'less than or equal to' : 'greater than or equal to';
      throw new StatementFailure(468, `Cannot resolve the collation conflict between "${a.collation}" and "${b.collation}" in the ${operation} operation.`, 'batch');
    }
    return a.collation ?? b.collation ?? this.ctx.collation;
  }

  private in(operandExpr: Expr, listExprs: Expr[], not: boolean): CExpr {
    const operand = this.value(operandExpr);
    const list = listExprs.map((item) => this.value(item));
    const text = (type: SqlType): boolean => isText(type) || type.kind === 'null';
    if (text(operand.type) && list.every((item) => text(item.type))) {
      let collation = operand.type.collation;
      for (const item of list) collation = this.collation({ ...operand.type, collation }, item.type, '=');
      const f = ck(collation ?? this.ctx.collation);
      return { sql: `(${f}(${operand.sql}) ${not ? 'NOT ' : ''}IN (${list.map((item) => `${f}(${item.sql})`).join(', ')}))`, type: INT, condition: true };
    }
    if (isNumeric(operand.type) && list.every((item) => isNumeric(item.type) || item.type.kind === 'null')) {
      return { sql: `(${operand.sql} ${not ? 'NOT ' : ''}IN (${list.map((item) => item.sql).join(', ')}))`, type: INT, condition: true };
    }
    // Mixed types: each comparison converts as `=` does.
    const any = list.map((item) => this.compare('=', operand, item).sql).join(' OR ');
    return { sql: not ? `(NOT (${any}))` : `(${any})`, type: INT, condition: true };
  }

  private call(name: string, argExprs: Expr[], star: boolean): CExpr {
    const aggregate = ['COUNT', 'COUNT_BIG', 'SUM', 'AVG', 'MIN', 'MAX'].includes(name);
    if (aggregate) {
      if (this.aggregateDepth > 0) throw new StatementFailure(130, 'Cannot perform an aggregate function on an expression containing an aggregate or a subquery.', 'batch');
      this.aggregateSeen = true;
      this.aggregateDepth++;
    }
    try {
      return this.callInner(name, argExprs, star);
    } finally {
      if (aggregate) this.aggregateDepth--;
    }
  }

  private callInner(name: string, argExprs: Expr[], star: boolean): CExpr {
    const arity = (min: number, max = min): void => {
      if (argExprs.length < min || argExprs.length > max) {
        throw new StatementFailure(174, `The ${name.toLowerCase()} function requires ${min === max ? min : `${min} to ${max}`} argument(s).`, 'batch', 15);
      }
    };
    if (star && name !== 'COUNT' && name !== 'COUNT_BIG') throw new StatementFailure(102, "Incorrect syntax near '*'.", 'batch', 15);
    const args = (): CExpr[] => argExprs.map((arg) => this.value(arg));
    const value = (sql: string, type: SqlType): CExpr => ({ sql, type, condition: false });
    const textType = (type: SqlType): SqlType => {
      if (type.kind === 'null') return { kind: 'varchar', length: 1 };
      if (!isText(type)) throw unsupported(`${name} of a ${type.kind} value`);
      return type;
    };
    switch (name) {
      case 'UPPER':
      case 'LOWER': {
        arity(1);
        const [x] = args();
        return value(`bsy_${name.toLowerCase()}(${x!.sql})`, textType(x!.type));
      }
      case 'LTRIM':
      case 'RTRIM': {
        arity(1); // the two-argument form is SQL Server 2022's
        const [x] = args();
        const type = textType(x!.type);
        return value(`${name.toLowerCase()}(${x!.sql}, ' ')`, { ...type, kind: isUnicode(type) ? 'nvarchar' : 'varchar' });
      }
      case 'LEN': {
        arity(1);
        const [x] = args();
        textType(x!.type);
        return value(`length(rtrim(${x!.sql}, ' '))`, INT);
      }
      case 'LEFT': {
        arity(2);
        const [x, n] = args();
        return value(`substr(${x!.sql}, 1, ${this.numeric(n!).sql})`, textType(x!.type));
      }
      case 'SUBSTRING': {
        arity(3);
        const [x, start, length] = args();
        return value(`substr(${x!.sql}, ${this.numeric(start!).sql}, ${this.numeric(length!).sql})`, textType(x!.type));
      }
      case 'COALESCE':
      case 'ISNULL': {
        if (name === 'ISNULL') arity(2);
        else if (argExprs.length < 2) throw new StatementFailure(189, 'The coalesce function requires 2 to n arguments.', 'batch', 15);
        const all = args();
        const typed = all.filter((arg) => arg.type.kind !== 'null');
        const texts = typed.filter((arg) => isText(arg.type));
        if (texts.length > 0 && texts.length < typed.length) throw unsupported(`${name} over text and other types`);
        const type = name === 'ISNULL' ? all[0]!.type : (typed.length === 0 ? NULL_TYPE : typed.reduce((a, b) => (isText(a.type) ? a : { ...a, type: wider(a.type, b.type) })).type);
        return value(`coalesce(${all.map((arg) => arg.sql).join(', ')})`, type);
      }
      case 'COUNT':
      case 'COUNT_BIG': {
        const type: SqlType = name === 'COUNT' ? INT : { kind: 'bigint' };
        if (star) return value('count(*)', type);
        arity(1);
        return value(`count(${args()[0]!.sql})`, type);
      }
      case 'SUM':
      case 'AVG': {
        arity(1);
        const x = this.numeric(args()[0]!);
        const type: SqlType = ['bit', 'tinyint', 'smallint'].includes(x.type.kind) ? INT : x.type;
        if (name === 'SUM') return value(`sum(${x.sql})`, type);
        return value(INTEGER_KINDS.has(type.kind) ? `CAST(avg(${x.sql}) AS INTEGER)` : `avg(${x.sql})`, type);
      }
      case 'MIN':
      case 'MAX': {
        arity(1);
        const [x] = args();
        if (x!.type.kind === 'bit') throw new StatementFailure(8117, `Operand data type bit is invalid for ${name.toLowerCase()} operator.`, 'batch');
        // Under a CI collation the order ignores case: NOCASE does so for ASCII letters (see README).
        const collated = isText(x!.type) && (x!.type.collation ?? this.ctx.collation) === 'CI' ? `${x!.sql} COLLATE NOCASE` : x!.sql;
        return value(`${name.toLowerCase()}(${collated})`, x!.type);
      }
      case 'OBJECT_ID': {
        arity(1, 2);
        return value(`bsy_object_id(${args().map((arg) => arg.sql).join(', ')})`, INT);
      }
      case 'OBJECT_SCHEMA_NAME':
      case 'OBJECT_NAME': {
        arity(1, 2);
        if (argExprs.length === 2) throw unsupported(`${name} with a database id`);
        return value(`bsy_${name.toLowerCase()}(${args()[0]!.sql})`, { kind: 'nvarchar', length: 128 });
      }
      case 'SCHEMA_NAME': {
        arity(0, 1);
        return value(argExprs.length === 0 ? "'dbo'" : `bsy_schema_name(${args()[0]!.sql})`, { kind: 'nvarchar', length: 128 });
      }
      case 'DB_NAME': {
        arity(0, 1);
        if (argExprs.length === 1) throw unsupported('DB_NAME with an argument');
        return value(sqlString(this.ctx.database), { kind: 'nvarchar', length: 128 });
      }
      case 'DATABASEPROPERTYEX': {
        arity(2);
        const property = argExprs[1]!;
        if (property.kind !== 'literal' || typeof property.value !== 'string' || property.value.toLowerCase() !== 'collation') {
          throw unsupported('DATABASEPROPERTYEX other than (…, \'Collation\')');
        }
        args();
        return value(sqlString(this.ctx.collationName), { kind: 'nvarchar', length: 128 });
      }
      case 'COLUMNPROPERTY': {
        arity(3);
        return value(`bsy_columnproperty(${args().map((arg) => arg.sql).join(', ')})`, INT);
      }
      default:
        throw unsupported(`the function ${name}()`);
    }
  }
}

function wider(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  return NUMERIC_ORDER.indexOf(a.kind) >= NUMERIC_ORDER.indexOf(b.kind) ? a : b;
}

function unsupported(what: string): StandinUnsupportedError {
  return new StandinUnsupportedError(`${what} is not emulated`);
}

function invalidObject(name: ObjectName): StatementFailure {
  return new StatementFailure(208, `Invalid object name '${name.parts.join('.')}'.`, 'batch');
}

// --- DDL -----------------------------------------------------------------------------------------

/** A column's type from its definition, with SQL Server's checks (2715, 131, 1001, 2716, 448). */
function columnType(def: ColumnDef, position: number, ctx: CompileContext): SqlType {
  const info = typeInfo(def.typeName);
  if (info === undefined) {
    if (UNSUPPORTED_TYPE_NAMES.has(def.typeName.toUpperCase())) throw unsupported(`the column type ${def.typeName}`);
    throw new StatementFailure(2715, `Column, parameter, or variable #${position}: Cannot find data type ${def.typeName}.`, 'batch', 16, 6);
  }
  const type: SqlType = { kind: info.kind };
  const args = def.typeArgs;
  if (args.length > 0 && info.sized === undefined) {
    throw new StatementFailure(2716, `Column, parameter, or variable #${position}: Cannot specify a column width on data type ${def.typeName.toLowerCase()}.`, 'batch');
  }
  if (info.sized === 'length') {
    if (args.length > 1) throw new StatementFailure(102, "Incorrect syntax near ','.", 'batch', 15);
    const length = args[0] ?? 1;
    if (length === 'max') {
      if (info.allowsMax !== true) throw new StatementFailure(102, "Incorrect syntax near 'max'.", 'batch', 15);
      type.length = 'max';
    } else {
      if (length === 0) throw new StatementFailure(1001, `Line 1: Length or precision specification 0 is invalid.`, 'batch', 15);
      if (length > info.maxLength!) {
        throw new StatementFailure(131, `The size (${length}) given to the column '${def.name}' exceeds the maximum allowed for any data type (${info.maxLength}).`, 'batch', 15, 3);
      }
      type.length = length;
    }
  } else if (info.sized === 'precision') {
    const [precision = 18, scale = 0] = args as number[];
    if (precision < 1 || precision > 38 || scale > precision) throw new StatementFailure(2750, `Column or parameter #${position}: Specified column precision ${precision} is greater than the maximum precision of 38.`, 'batch');
    Object.assign(type, { precision, scale });
  } else if (info.sized === 'scale') {
    const [scale = 7] = args as number[];
    if (scale > 7) throw new StatementFailure(1002, `Line 1: Specified scale ${scale} is invalid.`, 'batch', 15);
    type.scale = scale;
  }
  if (def.collation !== null) {
    if (!isText(type)) throw new StatementFailure(447, `Expression type ${type.kind} is invalid for COLLATE clause.`, 'batch');
    if (/_CS_|_BIN2?$|_BIN_/i.test(def.collation)) type.collation = 'CS';
    else if (/_CI_/i.test(def.collation)) type.collation = 'CI';
    else throw new StatementFailure(448, `Invalid collation '${def.collation}'.`, 'batch');
  } else if (isText(type)) {
    type.collation = ctx.collation;
  }
  return type;
}

function constantText(expr: Expr): string {
  if (expr.kind === 'literal') return expr.text;
  if (expr.kind === 'unary' && expr.op === '-' && expr.operand.kind === 'literal' && expr.operand.type === 'number') return `-${expr.operand.text}`;
  throw unsupported('a DEFAULT that is not a constant');
}

const randomHex = (): string => Array.from({ length: 16 }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('');

function createTable(statement: Extract<Statement, { kind: 'createTable' }>, ctx: CompileContext): void {
  const { catalog, db } = ctx;
  const parts = statement.table.parts;
  const name = parts.at(-1)!;
  if (parts.length >= 2 && !catalog.sameName(parts.at(-2)!, 'dbo')) throw unsupported(`tables outside the dbo schema (${statement.table.text})`);
  if (name.startsWith('#')) throw unsupported('temporary tables');
  if (catalog.resolve(parts) !== undefined || catalog.objectNamed(name)) {
    throw new StatementFailure(2714, `There is already an object named '${name}' in the database.`, 'batch', 16, 6);
  }
  const columns: ColumnMeta[] = [];
  statement.columns.forEach((def, index) => {
    if (columns.some((meta) => catalog.sameName(meta.name, def.name))) {
      throw new StatementFailure(2705, `Column names in each table must be unique. Column name '${def.name}' in table '${name}' is specified more than once.`, 'batch', 16, 3);
    }
    const type = columnType(def, index + 1, ctx);
    columns.push({
      name: def.name,
      type,
      nullable: def.nullable !== false,
      defaultText: def.defaultValue === null ? null : constantText(def.defaultValue),
      collationName: isText(type) ? (def.collation ?? ctx.collationName) : null,
      internal: `c${index}`,
    });
  });
  const keyDefs = [
    ...statement.columns.filter((def) => def.key !== null).map((def) => ({ kind: def.key!.kind, name: def.key!.name, columns: [def.name] })),
    ...statement.keys,
  ];
  if (keyDefs.filter((key) => key.kind === 'PRIMARY KEY').length > 1) {
    throw new StatementFailure(8110, `Cannot add multiple PRIMARY KEY constraints to table '${name}'.`, 'batch');
  }
  const objectId = catalog.nextObjectId();
  const table: TableMeta = { objectId, schema: 'dbo', name, internal: `t${objectId}`, columns, keys: [], system: false };
  for (const def of keyDefs) {
    const indexes = def.columns.map((columnName) => {
      const index = columns.findIndex((meta) => catalog.sameName(meta.name, columnName));
      if (index < 0) throw new StatementFailure(1911, `Column name '${columnName}' does not exist in the target table or view.`, 'batch');
      return index;
    });
    checkKeyTypes(table, indexes);
    if (def.kind === 'PRIMARY KEY') {
      for (const index of indexes) {
        if (statement.columns[index]!.nullable === true) throw new StatementFailure(8111, `Cannot define PRIMARY KEY constraint on nullable column in table '${name}'.`, 'batch');
        columns[index]!.nullable = false;
      }
    }
    const keyName = def.name ?? `${def.kind === 'PRIMARY KEY' ? 'PK' : 'UQ'}__${name.slice(0, 8)}__${randomHex()}`;
    if (catalog.objectNamed(keyName) || table.keys.some((key) => catalog.sameName(key.name, keyName)) || catalog.sameName(keyName, name)) {
      throw new StatementFailure(2714, `There is already an object named '${keyName}' in the database.`, 'batch', 16, 5);
    }
    table.keys.push({ name: keyName, kind: def.kind, unique: true, columns: indexes, whereSql: null, whereText: null, internal: `k${objectId}_${table.keys.length}` });
  }
  db.exec(`CREATE TABLE ${quote(table.internal)} (${columns.map((meta) => `${quote(meta.internal)} ${sqliteAffinity(meta.type.kind)}`).join(', ')})`);
  for (const key of table.keys) db.exec(indexSql(table, key, ctx));
  catalog.add(table);
}

function checkKeyTypes(table: TableMeta, indexes: number[]): void {
  for (const index of indexes) {
    const meta = table.columns[index]!;
    if (meta.type.length === 'max') {
      throw new StatementFailure(1919, `Column '${meta.name}' in table '${table.name}' is of a type that is invalid for use as a key column in an index.`, 'batch');
    }
  }
}

/** A unique key as a SQLite unique index over the collation's key of each column (NULLs equal, as SQL Server has it). */
function indexSql(table: TableMeta, key: KeyMeta, ctx: CompileContext): string {
  const parts = key.columns.map((index) => {
    const meta = table.columns[index]!;
    return `${keyFunction(isText(meta.type) ? (meta.type.collation ?? ctx.collation) : 'CS')}(${quote(meta.internal)})`;
  });
  return `CREATE ${key.unique ? 'UNIQUE ' : ''}INDEX ${quote(key.internal)} ON ${quote(table.internal)} (${parts.join(', ')})${key.whereSql === null ? '' : ` WHERE ${key.whereSql}`}`;
}

function createIndex(statement: Extract<Statement, { kind: 'createIndex' }>, ctx: CompileContext): void {
  const { catalog, db } = ctx;
  const table = catalog.resolve(statement.table.parts);
  if (table === undefined || table.system) {
    throw new StatementFailure(1088, `Cannot find the object "${statement.table.parts.join('.')}" because it does not exist or you do not have permissions.`, 'batch');
  }
  if (table.keys.some((key) => catalog.sameName(key.name, statement.name))) {
    throw new StatementFailure(1913, `The operation failed because an index or statistics with name '${statement.name}' already exists on table '${table.name}'.`, 'batch');
  }
  const indexes = statement.columns.map((columnName) => {
    const index = table.columns.findIndex((meta) => catalog.sameName(meta.name, columnName));
    if (index < 0) throw new StatementFailure(1911, `Column name '${columnName}' does not exist in the target table or view.`, 'batch');
    return index;
  });
  checkKeyTypes(table, indexes);
  let whereSql: string | null = null;
  if (statement.where !== null) {
    const compiler = new ExprCompiler(ctx, { table, alias: null, sqlName: null });
    whereSql = compiler.condition(statement.where).sql;
    if (compiler.bindings.length > 0) throw new StatementFailure(10735, `Incorrect WHERE clause for filtered index '${statement.name}' on table '${table.name}'.`, 'batch', 15);
  }
  const key: KeyMeta = {
    name: statement.name,
    kind: 'INDEX',
    unique: statement.unique,
    columns: indexes,
    whereSql,
    whereText: whereSql,
    internal: `k${table.objectId}_${table.keys.length}`,
  };
  try {
    db.exec(indexSql(table, key, ctx));
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    const values = key.columns.map((index) => quote(table.columns[index]!.internal));
    const group = key.columns.map((index) => `${keyFunction(table.columns[index]!.type.collation ?? ctx.collation)}(${quote(table.columns[index]!.internal)})`);
    const row = db.prepare(`SELECT ${values.join(', ')} FROM ${quote(table.internal)}${whereSql === null ? '' : ` WHERE ${whereSql}`} GROUP BY ${group.join(', ')} HAVING count(*) > 1 LIMIT 1`).raw(true).get() as unknown[] | undefined;
    throw new StatementFailure(1505, `The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name 'dbo.${table.name}' and the index name '${statement.name}'. The duplicate key value is (${formatKey(row ?? [])}).`, 'batch');
  }
  catalog.update({ ...table, keys: [...table.keys, key] });
}

function dropTables(statement: Extract<Statement, { kind: 'dropTable' }>, ctx: CompileContext): void {
  for (const name of statement.tables) {
    const table = ctx.catalog.resolve(name.parts);
    if (table === undefined || table.system) {
      if (statement.ifExists && table === undefined) continue;
      throw new StatementFailure(3701, `Cannot drop the table '${name.parts.join('.')}', because it does not exist or you do not have permission.`, 'batch', 11, 5);
    }
    ctx.db.exec(`DROP TABLE ${quote(table.internal)}`);
    ctx.catalog.remove(table);
  }
}

/** Key values as SQL Server prints them in 2627/2601/1505: `(K01 , 7)`, NULL as `<NULL>`. */
export function formatKey(values: unknown[]): string {
  return values.map((value) => (value === null || value === undefined ? '<NULL>' : Buffer.isBuffer(value) ? `0x${value.toString('hex')}` : String(value))).join(', ');
}
