/**
 * A parser for the part of T-SQL that bobsync sends (and a little more), into a small syntax tree.
 * Two kinds of refusal, kept apart on purpose:
 * - constructs SQL Server itself rejects, known from its documentation (other dialects' `LIMIT`,
 *   `||`, `IF NOT EXISTS`, `INSERT OR`, `BEGIN IMMEDIATE`…): error 102, as the server gives it;
 * - anything else the parser does not know: a StandinUnsupportedError, never a silent pass. SQL
 *   Server may accept it; the stand-in cannot say.
 */
import { StandinUnsupportedError, StatementFailure } from './errors.js';
import { tokenize, type Token } from './lexer.js';

export type Expr =
  | { kind: 'literal'; type: 'string' | 'number' | 'null'; value: string | number | null; national: boolean; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'sysvar'; name: string }
  | { kind: 'column'; parts: string[] }
  | { kind: 'unary'; op: '-' | '+' | 'NOT'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'in'; operand: Expr; list: Expr[]; not: boolean }
  | { kind: 'isnull'; operand: Expr; not: boolean }
  | { kind: 'call'; name: string; args: Expr[]; star: boolean };

export interface ObjectName {
  /** One to three parts: `[T]`, `[dbo].[T]`, `[INFORMATION_SCHEMA].[COLUMNS]`, `[db].[dbo].[T]`. */
  parts: string[];
  text: string;
}

export type SelectItem = { kind: 'expr'; expr: Expr; alias: string | null; text: string } | { kind: 'star' };

export interface TableRef {
  name: ObjectName;
  alias: string | null;
}

export interface Select {
  kind: 'select';
  top: Expr | null;
  items: SelectItem[];
  from: TableRef | null;
  where: Expr | null;
  orderBy: Array<{ expr: Expr; desc: boolean }>;
}

export interface ColumnDef {
  name: string;
  typeName: string;
  typeArgs: Array<number | 'max'>;
  nullable: boolean | null;
  defaultValue: Expr | null;
  collation: string | null;
  /** Inline PRIMARY KEY / UNIQUE. */
  key: { kind: 'PRIMARY KEY' | 'UNIQUE'; name: string | null } | null;
}

export interface KeyDef {
  kind: 'PRIMARY KEY' | 'UNIQUE';
  name: string | null;
  columns: string[];
}

export type StatementBody =
  | Select
  | { kind: 'insert'; table: ObjectName; columns: string[] | null; rows: Expr[][] | null; select: Select | null }
  | { kind: 'update'; table: ObjectName; sets: Array<{ column: string; value: Expr }>; where: Expr | null }
  | { kind: 'delete'; table: ObjectName; where: Expr | null }
  | { kind: 'createTable'; table: ObjectName; columns: ColumnDef[]; keys: KeyDef[] }
  | { kind: 'createIndex'; name: string; table: ObjectName; unique: boolean; columns: string[]; where: Expr | null }
  | { kind: 'dropTable'; tables: ObjectName[]; ifExists: boolean }
  | { kind: 'set'; option: 'NOCOUNT'; on: boolean };

export type Statement = StatementBody & { line: number; text: string };

/** Words that end an expression or a clause: never read as an alias. */
const RESERVED = new Set(
  ('ADD ALL ALTER AND ANY AS ASC BEGIN BETWEEN BY CASE CHECK COLLATE COLUMN COMMIT CONSTRAINT CREATE CROSS ' +
    'DEFAULT DELETE DESC DISTINCT DROP ELSE END ESCAPE EXCEPT EXEC EXECUTE EXISTS FETCH FOR FOREIGN FROM FULL ' +
    'GROUP HAVING IDENTITY IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY LEFT LIKE MERGE NOT NULL OF OFF ' +
    'OFFSET ON OPTION OR ORDER OUTER OVER PERCENT PIVOT PRIMARY PROC PROCEDURE REFERENCES RIGHT ROLLBACK SELECT ' +
    'SET TABLE THEN TO TOP TRAN TRANSACTION UNION UNIQUE UPDATE USE VALUES VIEW WHEN WHERE WITH LIMIT RETURNING ' +
    'GLOB DECLARE WHILE PRINT RAISERROR TRUNCATE GRANT REVOKE')
    .split(' '),
);

/** Statements SQL Server has that the stand-in does not run. */
const UNSUPPORTED_STATEMENTS = new Set([
  'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVE', 'EXEC', 'EXECUTE', 'DECLARE', 'IF', 'WHILE', 'MERGE', 'WITH', 'ALTER',
  'TRUNCATE', 'PRINT', 'RAISERROR', 'THROW', 'USE', 'GRANT', 'REVOKE', 'DENY', 'RETURN', 'WAITFOR', 'GOTO',
  'OPEN', 'CLOSE', 'FETCH', 'DEALLOCATE', 'BULK', 'DBCC', 'CHECKPOINT', 'KILL', 'SHUTDOWN', 'BACKUP', 'RESTORE',
]);

/** Table hints accepted and ignored: the stand-in takes no row locks (see README). */
const TABLE_HINTS = new Set(['UPDLOCK', 'HOLDLOCK', 'ROWLOCK', 'NOLOCK', 'READPAST', 'SERIALIZABLE', 'READCOMMITTED', 'REPEATABLEREAD', 'XLOCK', 'PAGLOCK', 'TABLOCK', 'TABLOCKX', 'NOWAIT']);

export function parseBatch(sql: string): Statement[] {
  return new Parser(sql).batch();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  batch(): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      while (this.acceptOp(';'));
      if (this.peek().kind === 'eof') return statements;
      const first = this.peek();
      const statement = this.statement();
      const last = this.tokens[this.index - 1]!;
      statements.push({ ...statement, line: first.line, text: this.sql.slice(first.start, last.end) } as Statement);
      const next = this.peek();
      if (next.kind !== 'eof' && !this.isOp(next, ';') && !this.startsStatement(next)) throw this.syntax(next);
    }
  }

  // --- statements ------------------------------------------------------------------------------

  private statement(): StatementBody {
    const token = this.peek();
    const word = this.word(token);
    switch (word) {
      case 'SELECT':
        return this.select();
      case 'INSERT':
        return this.insert();
      case 'UPDATE':
        return this.update();
      case 'DELETE':
        return this.delete();
      case 'CREATE':
        return this.create();
      case 'DROP':
        return this.drop();
      case 'SET':
        return this.set();
    }
    if (word === 'BEGIN' && ['IMMEDIATE', 'DEFERRED', 'EXCLUSIVE'].includes(this.word(this.peek(1)))) throw this.syntax(this.peek(1));
    if (UNSUPPORTED_STATEMENTS.has(word)) throw this.unsupported(token, `the ${word} statement`);
    throw this.syntax(token);
  }

  private startsStatement(token: Token): boolean {
    const word = this.word(token);
    return ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'SET'].includes(word) || UNSUPPORTED_STATEMENTS.has(word);
  }

  private select(): Select {
    this.expectWord('SELECT');
    if (this.peekWord('DISTINCT') || this.peekWord('ALL')) throw this.unsupported(this.peek(), 'SELECT DISTINCT/ALL');
    let top: Expr | null = null;
    if (this.acceptWord('TOP')) {
      if (this.acceptOp('(')) {
        top = this.expression();
        this.expectOp(')');
      } else {
        top = this.primary();
      }
      if (this.peekWord('PERCENT') || this.peekWord('WITH')) throw this.unsupported(this.peek(), 'TOP … PERCENT / WITH TIES');
    }
    const items: SelectItem[] = [];
    do {
      if (this.acceptOp('*')) {
        items.push({ kind: 'star' });
        continue;
      }
      const start = this.peek();
      const expr = this.expression();
      const text = this.sql.slice(start.start, this.tokens[this.index - 1]!.end);
      if (expr.kind === 'binary' && expr.op === '=' && expr.left.kind === 'column') throw this.unsupported(start, 'alias = expression in a select list');
      let alias: string | null = null;
      if (this.acceptWord('AS')) alias = this.identifier();
      else if (this.peek().kind === 'quoted' || (this.peek().kind === 'word' && !RESERVED.has(this.word(this.peek())))) alias = this.identifier();
      else if (this.peek().kind === 'string') throw this.unsupported(this.peek(), "a 'string' column alias");
      items.push({ kind: 'expr', expr, alias, text });
    } while (this.acceptOp(','));
    if (this.peekWord('INTO')) throw this.unsupported(this.peek(), 'SELECT … INTO');
    let from: TableRef | null = null;
    if (this.acceptWord('FROM')) from = this.tableRef();
    const where = this.acceptWord('WHERE') ? this.expression() : null;
    if (this.peekWord('GROUP') || this.peekWord('HAVING')) throw this.unsupported(this.peek(), 'GROUP BY / HAVING');
    const orderBy: Select['orderBy'] = [];
    if (this.acceptWord('ORDER')) {
      this.expectWord('BY');
      do {
        const expr = this.expression();
        if (this.peekWord('COLLATE')) throw this.unsupported(this.peek(), 'COLLATE in ORDER BY');
        const desc = this.acceptWord('DESC') ? true : (this.acceptWord('ASC'), false);
        orderBy.push({ expr, desc });
      } while (this.acceptOp(','));
      if (this.peekWord('OFFSET')) throw this.unsupported(this.peek(), 'OFFSET … FETCH');
    } else if (this.peekWord('OFFSET')) {
      throw this.syntax(this.peek()); // OFFSET needs ORDER BY
    }
    if (this.peekWord('UNION') || this.peekWord('EXCEPT') || this.peekWord('INTERSECT') || this.peekWord('OPTION') || this.peekWord('FOR')) {
      throw this.unsupported(this.peek(), this.word(this.peek()));
    }
    return { kind: 'select', top, items, from, where, orderBy };
  }

  private tableRef(): TableRef {
    const name = this.objectName();
    if (this.isOp(this.peek(), '(')) {
      // A table-valued function: SQL Server knows a few; SQLite's pragma_* it resolves as a table name.
      if (/^pragma_/i.test(name.parts.at(-1)!)) throw new StatementFailure(208, `Invalid object name '${name.parts.at(-1)}'.`, 'batch');
      throw this.unsupported(this.peek(), `the table-valued function ${name.text}`);
    }
    let alias: string | null = null;
    if (this.acceptWord('AS')) alias = this.identifier();
    else if (this.peek().kind === 'quoted' || (this.peek().kind === 'word' && !RESERVED.has(this.word(this.peek())))) alias = this.identifier();
    this.tableHints();
    const next = this.word(this.peek());
    if (['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER'].includes(next) || this.isOp(this.peek(), ',')) {
      throw this.unsupported(this.peek(), 'joins');
    }
    return { name, alias };
  }

  private tableHints(): void {
    if (!this.peekWord('WITH') || !this.isOp(this.peek(1), '(')) return;
    this.index += 2;
    do {
      const hint = this.peek();
      const word = this.word(hint);
      if (!TABLE_HINTS.has(word)) throw this.unsupported(hint, `the table hint ${hint.text}`);
      this.index++;
    } while (this.acceptOp(','));
    this.expectOp(')');
  }

  private insert(): StatementBody {
    this.expectWord('INSERT');
    if (this.peekWord('OR')) throw this.syntax(this.peek());
    if (this.peekWord('TOP')) throw this.unsupported(this.peek(), 'INSERT TOP');
    this.acceptWord('INTO');
    const table = this.objectName();
    this.tableHints();
    let columns: string[] | null = null;
    if (this.acceptOp('(')) {
      columns = [];
      do columns.push(this.identifier());
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    if (this.peekWord('OUTPUT')) throw this.unsupported(this.peek(), 'OUTPUT');
    if (this.peekWord('DEFAULT')) throw this.unsupported(this.peek(), 'INSERT … DEFAULT VALUES');
    if (this.peekWord('SELECT')) return { kind: 'insert', table, columns, rows: null, select: this.select() };
    if (this.peekWord('EXEC') || this.peekWord('EXECUTE')) throw this.unsupported(this.peek(), 'INSERT … EXEC');
    this.expectWord('VALUES');
    const rows: Expr[][] = [];
    do {
      this.expectOp('(');
      const row: Expr[] = [];
      do row.push(this.expression());
      while (this.acceptOp(','));
      this.expectOp(')');
      rows.push(row);
    } while (this.acceptOp(','));
    return { kind: 'insert', table, columns, rows, select: null };
  }

  private update(): StatementBody {
    this.expectWord('UPDATE');
    if (this.peekWord('TOP')) throw this.unsupported(this.peek(), 'UPDATE TOP');
    const table = this.objectName();
    this.tableHints();
    this.expectWord('SET');
    const sets: Array<{ column: string; value: Expr }> = [];
    do {
      const target = this.objectName();
      if (target.parts.length > 2) throw this.syntax(this.peek());
      this.expectOp('=');
      sets.push({ column: target.parts.at(-1)!, value: this.expression() });
    } while (this.acceptOp(','));
    if (this.peekWord('FROM') || this.peekWord('OUTPUT')) throw this.unsupported(this.peek(), `UPDATE … ${this.word(this.peek())}`);
    const where = this.acceptWord('WHERE') ? this.expression() : null;
    return { kind: 'update', table, sets, where };
  }

  private delete(): StatementBody {
    this.expectWord('DELETE');
    if (this.peekWord('TOP')) throw this.unsupported(this.peek(), 'DELETE TOP');
    this.acceptWord('FROM');
    const table = this.objectName();
    this.tableHints();
    if (this.peekWord('FROM') || this.peekWord('OUTPUT')) throw this.unsupported(this.peek(), `DELETE … ${this.word(this.peek())}`);
    const where = this.acceptWord('WHERE') ? this.expression() : null;
    return { kind: 'delete', table, where };
  }

  private create(): StatementBody {
    this.expectWord('CREATE');
    if (this.acceptWord('TABLE')) return this.createTable();
    const unique = this.acceptWord('UNIQUE');
    this.acceptWord('CLUSTERED') || this.acceptWord('NONCLUSTERED');
    if (!this.acceptWord('INDEX')) throw this.unsupported(this.peek(), `CREATE ${this.peek().text}`);
    if (this.peekWord('IF')) throw this.syntax(this.peek());
    const name = this.identifier();
    this.expectWord('ON');
    const table = this.objectName();
    const columns = this.keyColumns();
    if (this.peekWord('INCLUDE')) throw this.unsupported(this.peek(), 'INCLUDE columns');
    const where = this.acceptWord('WHERE') ? this.expression() : null;
    if (this.peekWord('WITH') || this.peekWord('ON')) throw this.unsupported(this.peek(), 'index options');
    return { kind: 'createIndex', name, table, unique, columns, where };
  }

  private createTable(): StatementBody {
    if (this.peekWord('IF')) throw this.syntax(this.peek());
    const table = this.objectName();
    this.expectOp('(');
    const columns: ColumnDef[] = [];
    const keys: KeyDef[] = [];
    do {
      const token = this.peek();
      const word = this.word(token);
      if (token.kind === 'word' && (word === 'CONSTRAINT' || word === 'PRIMARY' || word === 'UNIQUE')) {
        const name = this.acceptWord('CONSTRAINT') ? this.identifier() : null;
        const kind = this.keyKind();
        keys.push({ kind, name, columns: this.keyColumns() });
        continue;
      }
      if (token.kind === 'word' && ['CHECK', 'FOREIGN', 'INDEX', 'PERIOD'].includes(word)) throw this.unsupported(token, `${word} in CREATE TABLE`);
      columns.push(this.columnDef());
    } while (this.acceptOp(','));
    this.expectOp(')');
    if (this.peekWord('WITH') || this.peekWord('ON') || this.peekWord('TEXTIMAGE_ON')) throw this.unsupported(this.peek(), 'table options');
    return { kind: 'createTable', table, columns, keys };
  }

  private keyKind(): KeyDef['kind'] {
    let kind: KeyDef['kind'];
    if (this.acceptWord('PRIMARY')) {
      this.expectWord('KEY');
      kind = 'PRIMARY KEY';
    } else {
      this.expectWord('UNIQUE');
      kind = 'UNIQUE';
    }
    this.acceptWord('CLUSTERED') || this.acceptWord('NONCLUSTERED');
    return kind;
  }

  private keyColumns(): string[] {
    this.expectOp('(');
    const columns: string[] = [];
    do {
      columns.push(this.identifier());
      this.acceptWord('ASC') || this.acceptWord('DESC');
    } while (this.acceptOp(','));
    this.expectOp(')');
    return columns;
  }

  private columnDef(): ColumnDef {
    const name = this.identifier();
    const typeToken = this.peek();
    if (typeToken.kind !== 'word' && typeToken.kind !== 'quoted') throw this.syntax(typeToken);
    this.index++;
    const typeArgs: Array<number | 'max'> = [];
    if (this.acceptOp('(')) {
      do {
        const arg = this.peek();
        if (arg.kind === 'number' && /^\d+$/.test(arg.text)) typeArgs.push(Number(arg.text));
        else if (this.word(arg) === 'MAX') typeArgs.push('max');
        else throw this.syntax(arg);
        this.index++;
      } while (this.acceptOp(','));
      this.expectOp(')');
    }
    const column: ColumnDef = { name, typeName: typeToken.text, typeArgs, nullable: null, defaultValue: null, collation: null, key: null };
    for (;;) {
      const token = this.peek();
      const word = this.word(token);
      if (word === 'NULL') {
        this.index++;
        column.nullable = true;
      } else if (word === 'NOT') {
        this.index++;
        this.expectWord('NULL');
        column.nullable = false;
      } else if (word === 'PRIMARY' || word === 'UNIQUE') {
        column.key = { kind: this.keyKind(), name: null };
      } else if (word === 'CONSTRAINT') {
        this.index++;
        const constraintName = this.identifier();
        if (this.peekWord('DEFAULT')) {
          this.index++;
          column.defaultValue = this.expression();
        } else {
          column.key = { kind: this.keyKind(), name: constraintName };
        }
      } else if (word === 'DEFAULT') {
        this.index++;
        column.defaultValue = this.expression();
      } else if (word === 'COLLATE') {
        this.index++;
        column.collation = this.identifier();
      } else if (word === 'AUTOINCREMENT') {
        throw this.syntax(token);
      } else if (['IDENTITY', 'ROWGUIDCOL', 'CHECK', 'REFERENCES', 'AS', 'SPARSE', 'FILESTREAM', 'MASKED', 'GENERATED'].includes(word)) {
        throw this.unsupported(token, `${word} on a column`);
      } else {
        return column;
      }
    }
  }

  private drop(): StatementBody {
    this.expectWord('DROP');
    if (!this.acceptWord('TABLE')) throw this.unsupported(this.peek(), `DROP ${this.peek().text}`);
    let ifExists = false;
    if (this.acceptWord('IF')) {
      this.expectWord('EXISTS');
      ifExists = true;
    }
    const tables: ObjectName[] = [];
    do tables.push(this.objectName());
    while (this.acceptOp(','));
    return { kind: 'dropTable', tables, ifExists };
  }

  private set(): StatementBody {
    this.expectWord('SET');
    const option = this.peek();
    if (this.word(option) !== 'NOCOUNT') throw this.unsupported(option, `SET ${option.text}`);
    this.index++;
    if (this.acceptWord('ON')) return { kind: 'set', option: 'NOCOUNT', on: true };
    this.expectWord('OFF');
    return { kind: 'set', option: 'NOCOUNT', on: false };
  }

  // --- expressions -----------------------------------------------------------------------------

  expression(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.acceptWord('OR')) left = { kind: 'binary', op: 'OR', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.acceptWord('AND')) left = { kind: 'binary', op: 'AND', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.acceptWord('NOT')) return { kind: 'unary', op: 'NOT', operand: this.not() };
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'op' && ['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(token.text)) {
      this.index++;
      const op = token.text === '!=' ? '<>' : token.text === '!<' ? '>=' : token.text === '!>' ? '<=' : token.text;
      return { kind: 'binary', op, left, right: this.additive() };
    }
    const not = this.peekWord('NOT') && ['IN', 'LIKE', 'BETWEEN'].includes(this.word(this.peek(1)));
    if (not) this.index++;
    const word = this.word(this.peek());
    if (word === 'IN') {
      this.index++;
      this.expectOp('(');
      if (this.peekWord('SELECT')) throw this.unsupported(this.peek(), 'IN (subquery)');
      const list: Expr[] = [];
      do list.push(this.expression());
      while (this.acceptOp(','));
      this.expectOp(')');
      return { kind: 'in', operand: left, list, not };
    }
    if (word === 'IS') {
      this.index++;
      const isNot = this.acceptWord('NOT');
      this.expectWord('NULL');
      return { kind: 'isnull', operand: left, not: isNot };
    }
    if (word === 'GLOB') throw this.syntax(this.peek());
    if (word === 'LIKE' || word === 'BETWEEN' || word === 'ESCAPE') throw this.unsupported(this.peek(), word);
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek();
      if (this.isOp(token, '||')) throw this.syntax(token);
      if (token.kind === 'op' && (token.text === '+' || token.text === '-')) {
        this.index++;
        left = { kind: 'binary', op: token.text, left, right: this.multiplicative() };
      } else if (token.kind === 'op' && ['&', '|', '^'].includes(token.text)) {
        throw this.unsupported(token, 'bitwise operators');
      } else {
        return left;
      }
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && ['*', '/', '%'].includes(token.text)) {
        this.index++;
        left = { kind: 'binary', op: token.text, left, right: this.unary() };
      } else {
        return left;
      }
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (this.isOp(token, '-') || this.isOp(token, '+')) {
      this.index++;
      return { kind: 'unary', op: token.text as '-' | '+', operand: this.unary() };
    }
    if (this.isOp(token, '~')) throw this.unsupported(token, 'bitwise NOT');
    return this.primary();
  }

  private primary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.index++;
        return { kind: 'literal', type: 'string', value: token.text, national: /^n/i.test(this.sql.slice(token.start, token.start + 1)), text: this.sql.slice(token.start, token.end) };
      case 'number':
        this.index++;
        return { kind: 'literal', type: 'number', value: Number(token.text), national: false, text: token.text };
      case 'param':
        this.index++;
        return { kind: 'param', name: token.text };
      case 'sysvar':
        this.index++;
        return { kind: 'sysvar', name: token.text.toUpperCase() };
      case 'op':
        if (token.text === '(') {
          this.index++;
          if (this.peekWord('SELECT')) throw this.unsupported(this.peek(), 'subqueries');
          const inner = this.expression();
          this.expectOp(')');
          return inner;
        }
        throw this.syntax(token);
      case 'word':
      case 'quoted': {
        const word = this.word(token);
        if (token.kind === 'word') {
          if (word === 'NULL') {
            this.index++;
            return { kind: 'literal', type: 'null', value: null, national: false, text: 'NULL' };
          }
          if (['CASE', 'EXISTS', 'CAST', 'CONVERT', 'TRY_CAST', 'TRY_CONVERT', 'SELECT', 'IIF', 'CHOOSE'].includes(word)) {
            throw this.unsupported(token, word);
          }
          if (RESERVED.has(word) && !this.isOp(this.peek(1), '(')) throw this.syntax(token);
        }
        if (this.isOp(this.peek(1), '(') && token.kind === 'word') {
          this.index += 2;
          const args: Expr[] = [];
          let star = false;
          if (this.acceptOp('*')) star = true;
          else if (!this.isOp(this.peek(), ')')) {
            if (this.peekWord('DISTINCT')) throw this.unsupported(this.peek(), 'DISTINCT in an aggregate');
            do args.push(this.expression());
            while (this.acceptOp(','));
          }
          this.expectOp(')');
          if (this.peekWord('OVER')) throw this.unsupported(this.peek(), 'window functions');
          if (this.peekWord('WITHIN')) throw this.unsupported(this.peek(), 'WITHIN GROUP');
          return { kind: 'call', name: word, args, star };
        }
        const parts = this.objectName().parts;
        if (this.isOp(this.peek(), '(')) throw this.unsupported(this.peek(), 'schema-qualified functions');
        return { kind: 'column', parts };
      }
      default:
        throw this.syntax(token);
    }
  }

  // --- tokens ----------------------------------------------------------------------------------

  private objectName(): ObjectName {
    const first = this.peek();
    const parts = [this.identifier()];
    while (this.isOp(this.peek(), '.')) {
      this.index++;
      parts.push(this.identifier());
    }
    if (parts.length > 3) throw this.unsupported(first, 'four-part names');
    return { parts, text: this.sql.slice(first.start, this.tokens[this.index - 1]!.end) };
  }

  private identifier(): string {
    const token = this.peek();
    if (token.kind === 'quoted') {
      this.index++;
      return token.text;
    }
    if (token.kind === 'word' && !RESERVED.has(token.text.toUpperCase())) {
      this.index++;
      return token.text;
    }
    throw this.syntax(token);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private word(token: Token): string {
    return token.kind === 'word' ? token.text.toUpperCase() : '';
  }

  private peekWord(word: string): boolean {
    return this.word(this.peek()) === word;
  }

  private acceptWord(word: string): boolean {
    if (!this.peekWord(word)) return false;
    this.index++;
    return true;
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.syntax(this.peek());
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(this.peek(), op)) return false;
    this.index++;
    return true;
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.syntax(this.peek());
  }

  private syntax(token: Token): StatementFailure {
    // At the end of the batch SQL Server names the last token.
    if (token.kind === 'eof') return new StatementFailure(102, `Incorrect syntax near '${this.tokens.at(-2)?.text ?? ''}'.`, 'batch', 15);
    const near = token.kind === 'string' ? token.text : this.sql.slice(token.start, token.end).replace(/^\[|\]$/g, '');
    return new StatementFailure(102, `Incorrect syntax near '${near}'.`, 'batch', 15);
  }

  private unsupported(token: Token, what: string): StandinUnsupportedError {
    const from = Math.max(0, token.start - 40);
    const excerpt = this.sql.slice(from, token.end + 40).replace(/\s+/g, ' ');
    return new StandinUnsupportedError(`${what} is not emulated (near '${token.text}' in "…${excerpt}…")`);
  }
}
