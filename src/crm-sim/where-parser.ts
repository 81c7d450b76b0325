/**
 * The simulator's reader of SData `where` and `orderBy` parameters: a small recursive-descent
 * parser compiled to parameterised SQL. Grammar (keywords in any case):
 *
 *   expr       := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | '(' expr ')' | comparison
 *   comparison := field ('eq'|'ne'|'gt'|'ge'|'lt'|'le') value
 *               | field 'like' string
 *               | field 'in' '(' value (',' value)* ')'
 *               | field 'between' value 'and' value
 *   value      := 'string' ('' escapes a quote) | number | @date@ | null (eq/ne only)
 *
 * Field names are checked against the table's columns; values only ever become parameters.
 */
import { SimRequestError } from './sim-error.js';

export type SqlParam = string | number | bigint | null;

export interface CompiledWhere {
  /** SQL boolean expression with `?` placeholders and double-quoted column names. */
  sql: string;
  params: SqlParam[];
}

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'between', 'null', ...Object.keys(COMPARISONS)]);
const MAX_LENGTH = 20_000;
const MAX_DEPTH = 32;
const MAX_PARAMS = 2_000;

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number | bigint; at: number }
  | { kind: '(' | ')' | ',' | 'end'; at: number };

function syntaxError(message: string): SimRequestError {
  return new SimRequestError(400, 'BadWhereSyntax', message);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, at: i });
      i++;
    } else if (ch === "'") {
      const at = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(`Unterminated string starting at position ${at + 1}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value, at });
    } else if (ch === '@') {
      // SData date literal: @2014-03-14@ (compared as ISO text).
      const end = text.indexOf('@', i + 1);
      if (end < 0) throw syntaxError(`Unterminated date starting at position ${i + 1}`);
      tokens.push({ kind: 'string', value: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const match = /^-?\d+(\.\d+)?(?![\w.])/.exec(text.slice(i)) ?? /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (match === null) throw syntaxError(`Unexpected "${ch}" at position ${i + 1}`);
      const word = match[0];
      if (/^-?\d/.test(word)) {
        // Integers bind as SQLite INTEGER so that they also equal text columns holding the digits.
        const value = match[1] === undefined && Number.isSafeInteger(Number(word)) ? BigInt(word) : Number(word);
        tokens.push({ kind: 'number', value, at: i });
      } else {
        tokens.push({ kind: 'word', text: word, at: i });
      }
      i += word.length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
      return `"${token.text}" at position ${token.at + 1}`;
    case 'string':
      return `a string at position ${token.at + 1}`;
    case 'number':
      return `the number ${token.value} at position ${token.at + 1}`;
    case 'end':
      return 'the end of the expression';
    default:
      return `"${token.kind}" at position ${token.at + 1}`;
  }
}

/** Compiles a `where` parameter for a table with these (lower-case) columns; throws `BadWhereSyntax`. */
export function parseWhere(text: string, columns: ReadonlySet<string>): CompiledWhere {
  if (text.length > MAX_LENGTH) throw syntaxError(`The where clause is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(text);
  const params: SqlParam[] = [];
  let position = 0;

  const peek = (): Token => tokens[position]!;
  const next = (): Token => tokens[position++]!;
  const isWord = (token: Token, word: string): boolean => token.kind === 'word' && token.text.toLowerCase() === word;
  const expect = (kind: Token['kind'], what: string): Token => {
    const token = next();
    if (token.kind !== kind) throw syntaxError(`Expected ${what}, found ${describe(token)}`);
    return token;
  };
  const param = (value: SqlParam): string => {
    if (params.length >= MAX_PARAMS) throw syntaxError(`The where clause has more than ${MAX_PARAMS} values`);
    params.push(value);
    return '?';
  };

  const value = (after: string): SqlParam => {
    const token = next();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    throw syntaxError(`Expected a value after ${after}, found ${describe(token)}`);
  };

  const field = (): string => {
    const token = next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      throw syntaxError(`Expected a field name, found ${describe(token)}`);
    }
    const name = token.text.toLowerCase();
    if (!columns.has(name)) throw syntaxError(`Unknown field "${token.text}" at position ${token.at + 1}`);
    return `"${name}"`;
  };

  const comparison = (): string => {
    const column = field();
    const opToken = next();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    const sqlOp = COMPARISONS[op];
    if (sqlOp !== undefined) {
      if (isWord(peek(), 'null') && (op === 'eq' || op === 'ne')) {
        next();
        return `${column} IS ${op === 'eq' ? '' : 'NOT '}NULL`;
      }
      return `${column} ${sqlOp} ${param(value(op))}`;
    }
    if (op === 'like') {
      const token = next();
      if (token.kind !== 'string') throw syntaxError(`Expected a quoted pattern after like, found ${describe(token)}`);
      return `${column} LIKE ${param(token.value)}`;
    }
    if (op === 'in') {
      expect('(', '"(" after in');
      const placeholders = [param(value('in ('))];
      while (peek().kind === ',') {
        next();
        placeholders.push(param(value(',')));
      }
      expect(')', '"," or ")" in the in list');
      return `${column} IN (${placeholders.join(', ')})`;
    }
    if (op === 'between') {
      const low = param(value('between'));
      if (!isWord(next(), 'and')) throw syntaxError('Expected "and" in between … and …');
      return `${column} BETWEEN ${low} AND ${param(value('between … and'))}`;
    }
    throw syntaxError(`Expected an operator (eq, ne, gt, ge, lt, le, like, in, between), found ${describe(opToken)}`);
  };

  const unary = (depth: number): string => {
    if (isWord(peek(), 'not')) {
      next();
      return `NOT (${unary(depth)})`;
    }
    if (peek().kind === '(') {
      if (depth >= MAX_DEPTH) throw syntaxError(`Parentheses are nested deeper than ${MAX_DEPTH}`);
      next();
      const inner = or(depth + 1);
      expect(')', '")"');
      return `(${inner})`;
    }
    return comparison();
  };

  const and = (depth: number): string => {
    let sql = unary(depth);
    while (isWord(peek(), 'and')) {
      next();
      sql = `${sql} AND ${unary(depth)}`;
    }
    return sql;
  };

  const or = (depth: number): string => {
    let sql = and(depth);
    while (isWord(peek(), 'or')) {
      next();
      sql = `${sql} OR ${and(depth)}`;
    }
    return sql;
  };

  const sql = or(0);
  if (peek().kind !== 'end') throw syntaxError(`Unexpected ${describe(peek())}`);
  return { sql: `(${sql})`, params };
}

/** Compiles an `orderBy` parameter (`field [asc|desc], …`); throws `BadQueryParameter`. */
export function parseOrderBy(text: string, columns: ReadonlySet<string>): string {
  const parts = text.split(',').map((part) => part.trim());
  return parts
    .map((part) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i.exec(part);
      if (match === null) throw new SimRequestError(400, 'BadQueryParameter', `Cannot read orderBy "${text}": expected field [asc|desc]`);
      const name = match[1]!.toLowerCase();
      if (!columns.has(name)) throw new SimRequestError(400, 'BadQueryParameter', `Unknown field "${match[1]}" in orderBy`);
      return `"${name}" ${(match[2] ?? 'asc').toUpperCase()}`;
    })
    .join(', ');
}
