/**
 * Tokens of T-SQL as SQL Server reads them with QUOTED_IDENTIFIER ON (tedious's default): `"x"` is an
 * identifier like `[x]`, not a string; strings are `'…'` or `N'…'` with `''` for a quote.
 */
import { StatementFailure } from './errors.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'sysvar' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier or keyword as written (without brackets), string contents, number text, operator. */
  text: string;
  /** Offset in the batch. */
  start: number;
  end: number;
  line: number;
}

const OPERATORS = ['<>', '!=', '<=', '>=', '!<', '!>', '||', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '.', ';', '&', '|', '^', '~'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const syntax = (message: string): StatementFailure => new StatementFailure(102, message, 'batch', 15);
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new StatementFailure(113, 'Missing end comment mark \'*/\'.', 'batch', 15);
      for (let j = i; j < close; j++) if (sql[j] === '\n') line++;
      i = close + 2;
      continue;
    }
    const start = i;
    const startLine = line;
    if (c === '[' || c === '"') {
      const closer = c === '[' ? ']' : '"';
      let text = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw syntax(`Unclosed quotation mark after the character string '${text}'.`);
        if (sql[i] === closer) {
          if (sql[i + 1] === closer) {
            text += closer;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (sql[i] === '\n') line++;
        text += sql[i++];
      }
      tokens.push({ kind: 'quoted', text, start, end: i, line: startLine });
      continue;
    }
    if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      i += c === "'" ? 1 : 2;
      let text = '';
      for (;;) {
        if (i >= sql.length) throw syntax(`Unclosed quotation mark after the character string '${text}'.`);
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (sql[i] === '\n') line++;
        text += sql[i++];
      }
      tokens.push({ kind: 'string', text, start, end: i, line: startLine });
      continue;
    }
    if (c === '@') {
      const system = sql[i + 1] === '@';
      const match = /^@@?[A-Za-z_#$@][\w#$@]*/.exec(sql.slice(i));
      if (match === null) throw syntax("Incorrect syntax near '@'.");
      i += match[0].length;
      tokens.push({ kind: system ? 'sysvar' : 'param', text: match[0].slice(system ? 2 : 1), start, end: i, line: startLine });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i))!;
      i += match[0].length;
      tokens.push({ kind: 'number', text: match[0], start, end: i, line: startLine });
      continue;
    }
    if (/[A-Za-z_#\u00C0-\uFFFF]/.test(c)) {
      const match = /^[A-Za-z_#\u00C0-\uFFFF][\w#$@\u00C0-\uFFFF]*/.exec(sql.slice(i))!;
      i += match[0].length;
      tokens.push({ kind: 'word', text: match[0], start, end: i, line: startLine });
      continue;
    }
    const op = OPERATORS.find((candidate) => sql.startsWith(candidate, i));
    if (op === undefined) throw syntax(`Incorrect syntax near '${c}'.`);
    i += op.length;
    tokens.push({ kind: 'op', text: op, start, end: i, line: startLine });
  }
  tokens.push({ kind: 'eof', text: '', start: sql.length, end: sql.length, line });
  return tokens;
}
