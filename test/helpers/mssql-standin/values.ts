/**
 * Values on their way into a column and back out, as SQL Server converts them: the code page of
 * CHAR/VARCHAR columns, the length limits, CHAR padding, NOT NULL, implicit conversions, and the
 * JavaScript values mssql hands back per column type.
 */
import { StatementFailure } from './errors.js';
import { INTEGER_RANGES, isText, isUnicode, type SqlType } from './sql-types.js';

/** A value as stored in SQLite: text, integer, real, blob or NULL. */
export type StoredValue = string | number | bigint | Buffer | null;

/** CP1252's characters in 0x80–0x9F (the rest of 1252 is Latin-1, U+0000–U+007F and U+00A0–U+00FF). */
const CP1252_HIGH = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function inCp1252(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && (code < 0x80 || (code >= 0xa0 && code <= 0xff) || CP1252_HIGH.has(char));
}

/**
 * Letters without a Unicode decomposition that Windows' best-fit table for 1252 (bestfit1252.txt,
 * used by WideCharToMultiByte, which SQL Server calls) maps to a Latin letter: ł → l is its entry
 * `0x0142 0x6c`. The table has 698 entries; this approximates it, see README.
 */
const BEST_FIT_LETTERS: Record<string, string> = { ł: 'l', Ł: 'L' };

/**
 * Unicode text → CP1252 as SQL Server converts NVARCHAR to a VARCHAR column: a character 1252 has is
 * kept; with `bestFit`, a letter whose decomposition is a 1252 letter plus marks loses the marks
 * (ő → o, ř → r), ł and Ł become l and L; anything else becomes `?` (an emoji, two
 * UTF-16 units, becomes `??`). Without `bestFit` every missing character becomes `?`, as tedious
 * (iconv-lite) encodes a VarChar parameter before it is sent.
 */
export function toCp1252(text: string, bestFit: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inCp1252(char)) {
      out += char;
      continue;
    }
    if (bestFit) {
      const fitted = BEST_FIT_LETTERS[char] ?? char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if (fitted !== '' && fitted !== char && [...fitted].every(inCp1252)) {
        out += fitted;
        continue;
      }
    }
    out += '?';
  }
  return out;
}

export interface StoreTarget {
  table: string;
  column: string;
  type: SqlType;
  nullable: boolean;
}

export interface StoreOptions {
  database: string;
  /** 1252 (Latin1 collations) or 65001 (the _UTF8 collations of SQL Server 2019+). */
  varcharCodePage: 1252 | 65001;
  varcharBestFit: boolean;
  truncationError: 2628 | 8152;
}

/** The size of `text` in the unit its type's length counts: UTF-16 units, or bytes of the code page. */
function measure(text: string, type: SqlType, options: StoreOptions): number {
  if (isUnicode(type) || options.varcharCodePage === 1252) return text.length;
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` that fits `limit` in the type's unit. */
function cut(text: string, limit: number, type: SqlType, options: StoreOptions): string {
  if (measure(text, type, options) <= limit) return text;
  let out = '';
  for (const char of text) {
    if (measure(out + char, type, options) > limit) break;
    out += char;
  }
  return out;
}

/**
 * The value a column stores for `value`, or a StatementFailure as SQL Server raises it (515, 2628 or
 * 8152, 245, 8115, 241, 257). `verb` is INSERT or UPDATE, for 515's message.
 */
export function storeValue(value: StoredValue, target: StoreTarget, verb: string, options: StoreOptions): StoredValue {
  const { type } = target;
  const qualified = `${options.database}.dbo.${target.table}`;
  if (value === null) {
    if (!target.nullable) {
      throw new StatementFailure(515, `Cannot insert the value NULL into column '${target.column}', table '${qualified}'; column does not allow nulls. ${verb} fails.`, 'statement', 16, 2);
    }
    return null;
  }
  if (isText(type)) {
    if (Buffer.isBuffer(value)) throw implicitConversion('varbinary', type);
    let text = typeof value === 'string' ? value : String(value);
    if (!isUnicode(type) && options.varcharCodePage === 1252) text = toCp1252(text, options.varcharBestFit);
    if (type.length !== 'max') {
      const limit = type.length ?? 1;
      if (measure(text, type, options) > limit) {
        // Trailing spaces past the length are dropped without an error (the ANSI rule SQL Server follows).
        const trimmed = text.replace(/ +$/, '');
        if (measure(trimmed, type, options) > limit) throw truncation(target, cut(text, limit, type, options), options);
        text = cut(text, limit, type, options);
      }
      if (type.kind === 'char' || type.kind === 'nchar') text += ' '.repeat(limit - measure(text, type, options));
    }
    return text;
  }
  switch (type.kind) {
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      let integer: bigint;
      if (typeof value === 'bigint') integer = value;
      else if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw overflow(type);
        integer = BigInt(Math.trunc(value));
      } else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) integer = BigInt(value.trim());
      else if (typeof value === 'string') throw conversion(value, type);
      else throw implicitConversion('varbinary', type);
      const [min, max] = INTEGER_RANGES[type.kind]!;
      if (integer < min || integer > max) throw overflow(type);
      return Number.isSafeInteger(Number(integer)) ? Number(integer) : integer;
    }
    case 'bit': {
      if (typeof value === 'number' || typeof value === 'bigint') return Number(value) === 0 ? 0 : 1;
      if (typeof value === 'string') {
        const word = value.trim().toUpperCase();
        if (word === 'TRUE') return 1;
        if (word === 'FALSE') return 0;
        if (/^[+-]?\d+$/.test(word)) return Number(word) === 0 ? 0 : 1;
        throw conversion(value, type);
      }
      throw implicitConversion('varbinary', type);
    }
    case 'float': case 'real': case 'decimal': {
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      if (typeof value === 'string') throw new StatementFailure(8114, `Error converting data type nvarchar to ${type.kind === 'decimal' ? 'numeric' : type.kind}.`, 'batch');
      throw implicitConversion('varbinary', type);
    }
    case 'date': case 'datetime': case 'datetime2': {
      if (typeof value !== 'string') throw implicitConversion(typeof value === 'object' ? 'varbinary' : 'int', type);
      const date = parseDateTime(value);
      if (date === null) throw new StatementFailure(241, 'Conversion failed when converting date and/or time from character string.', 'batch');
      return type.kind === 'date' ? date.slice(0, 10) : date;
    }
    case 'binary': case 'varbinary': {
      if (!Buffer.isBuffer(value)) throw implicitConversion('nvarchar', type);
      if (type.length !== 'max' && value.length > (type.length ?? 1)) throw truncation(target, '', options);
      return value;
    }
    case 'null':
      return value;
  }
  return value;
}

function truncation(target: StoreTarget, truncated: string, options: StoreOptions): StatementFailure {
  if (options.truncationError === 8152) return new StatementFailure(8152, 'String or binary data would be truncated.', 'statement', 16, 14);
  return new StatementFailure(
    2628,
    `String or binary data would be truncated in table '${options.database}.dbo.${target.table}', column '${target.column}'. Truncated value: '${truncated}'.`,
    'statement',
  );
}

function conversion(value: string, type: SqlType): StatementFailure {
  return new StatementFailure(245, `Conversion failed when converting the nvarchar value '${value}' to data type ${type.kind}.`, 'batch');
}

function overflow(type: SqlType): StatementFailure {
  return new StatementFailure(8115, `Arithmetic overflow error converting expression to data type ${type.kind}.`, 'statement');
}

function implicitConversion(from: string, type: SqlType): StatementFailure {
  return new StatementFailure(257, `Implicit conversion from data type ${from} to ${type.kind} is not allowed. Use the CONVERT function to run this query.`, 'batch');
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z)?$/;

/** `YYYY-MM-DDTHH:MM:SS.mmm` (UTC wall clock, as tedious sends a Date with useUTC), or null. */
export function parseDateTime(text: string): string | null {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = ''] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(3, '0').slice(0, 3)}`;
  const date = new Date(`${iso}Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 23) !== iso ? null : iso;
}

/** A Date as a DateTime2 parameter carries it (useUTC: true, tedious's default). */
export function dateParameter(date: Date): string {
  return date.toISOString().slice(0, 23);
}

/** What mssql hands back for a stored value of this type. */
export function readValue(value: unknown, type: SqlType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'bit':
      return Number(value) !== 0;
    case 'bigint':
      return String(value);
    case 'date':
      return new Date(`${String(value).slice(0, 10)}T00:00:00.000Z`);
    case 'datetime':
    case 'datetime2':
      return new Date(`${String(value)}Z`);
    case 'decimal':
      return Number(value);
    default:
      return typeof value === 'bigint' ? Number(value) : value;
  }
}
