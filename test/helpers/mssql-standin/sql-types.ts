/** SQL Server data types as the stand-in's server side sees them: columns, parameters, expressions. */

export type TypeKind =
  | 'char' | 'varchar' | 'nchar' | 'nvarchar'
  | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'bit'
  | 'float' | 'real' | 'decimal'
  | 'date' | 'datetime' | 'datetime2'
  | 'binary' | 'varbinary'
  /** The type of a bare NULL. */
  | 'null';

export type Collation = 'CI' | 'CS';

export interface SqlType {
  kind: TypeKind;
  /** Characters (bytes for varchar under a UTF-8 code page); 'max' for (N)VARCHAR(MAX). */
  length?: number | 'max';
  precision?: number;
  scale?: number;
  /** Set on text columns and on text expressions that take a column's collation. */
  collation?: Collation;
}

export const TEXT_KINDS: ReadonlySet<TypeKind> = new Set(['char', 'varchar', 'nchar', 'nvarchar']);
export const INTEGER_KINDS: ReadonlySet<TypeKind> = new Set(['tinyint', 'smallint', 'int', 'bigint']);
export const DATE_KINDS: ReadonlySet<TypeKind> = new Set(['date', 'datetime', 'datetime2']);

export const isText = (type: SqlType): boolean => TEXT_KINDS.has(type.kind);
export const isUnicode = (type: SqlType): boolean => type.kind === 'nchar' || type.kind === 'nvarchar';
export const isNumeric = (type: SqlType): boolean =>
  INTEGER_KINDS.has(type.kind) || type.kind === 'bit' || type.kind === 'float' || type.kind === 'real' || type.kind === 'decimal';

export const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** Type names a CREATE TABLE may use, with their default and maximum lengths. */
const TYPE_NAMES: Record<string, { kind: TypeKind; sized?: 'length' | 'precision' | 'scale'; maxLength?: number; allowsMax?: boolean }> = {
  CHAR: { kind: 'char', sized: 'length', maxLength: 8000 },
  CHARACTER: { kind: 'char', sized: 'length', maxLength: 8000 },
  VARCHAR: { kind: 'varchar', sized: 'length', maxLength: 8000, allowsMax: true },
  NCHAR: { kind: 'nchar', sized: 'length', maxLength: 4000 },
  NVARCHAR: { kind: 'nvarchar', sized: 'length', maxLength: 4000, allowsMax: true },
  TINYINT: { kind: 'tinyint' },
  SMALLINT: { kind: 'smallint' },
  INT: { kind: 'int' },
  INTEGER: { kind: 'int' },
  BIGINT: { kind: 'bigint' },
  BIT: { kind: 'bit' },
  FLOAT: { kind: 'float' },
  REAL: { kind: 'real' },
  DECIMAL: { kind: 'decimal', sized: 'precision' },
  NUMERIC: { kind: 'decimal', sized: 'precision' },
  DATE: { kind: 'date' },
  DATETIME: { kind: 'datetime' },
  DATETIME2: { kind: 'datetime2', sized: 'scale' },
  BINARY: { kind: 'binary', sized: 'length', maxLength: 8000 },
  VARBINARY: { kind: 'varbinary', sized: 'length', maxLength: 8000, allowsMax: true },
};

/** Known to SQL Server, not to the stand-in. */
export const UNSUPPORTED_TYPE_NAMES = new Set([
  'TEXT', 'NTEXT', 'IMAGE', 'XML', 'MONEY', 'SMALLMONEY', 'SMALLDATETIME', 'DATETIMEOFFSET', 'TIME',
  'UNIQUEIDENTIFIER', 'SQL_VARIANT', 'ROWVERSION', 'TIMESTAMP', 'HIERARCHYID', 'GEOGRAPHY', 'GEOMETRY', 'SYSNAME',
]);

export function typeInfo(name: string): (typeof TYPE_NAMES)[string] | undefined {
  return TYPE_NAMES[name.toUpperCase()];
}

/** T-SQL spelling, for messages and INFORMATION_SCHEMA: `nvarchar(40)`, `char(10)`, `int`. */
export function typeText(type: SqlType): string {
  if (TEXT_KINDS.has(type.kind) || type.kind === 'binary' || type.kind === 'varbinary') {
    return `${type.kind}(${type.length === 'max' ? 'max' : type.length ?? 1})`;
  }
  if (type.kind === 'decimal') return `decimal(${type.precision ?? 18},${type.scale ?? 0})`;
  if (type.kind === 'datetime2') return `datetime2(${type.scale ?? 7})`;
  return type.kind;
}

/** Storage size of one value at most, as sys.columns.max_length gives it (-1 for MAX). */
export function maxBytes(type: SqlType): number {
  switch (type.kind) {
    case 'char': case 'varchar': case 'binary': case 'varbinary':
      return type.length === 'max' ? -1 : (type.length ?? 1);
    case 'nchar': case 'nvarchar':
      return type.length === 'max' ? -1 : (type.length ?? 1) * 2;
    case 'tinyint': case 'bit': return 1;
    case 'smallint': return 2;
    case 'int': case 'real': return 4;
    case 'bigint': case 'float': case 'datetime': return 8;
    case 'date': return 3;
    case 'datetime2': return 8;
    case 'decimal': return 17;
    case 'null': return 0;
  }
}

/** sys.types ids of the kinds (system_type_id). */
export const SYSTEM_TYPE_IDS: Record<TypeKind, number> = {
  char: 175, varchar: 167, nchar: 239, nvarchar: 231, tinyint: 48, smallint: 52, int: 56, bigint: 127, bit: 104,
  float: 62, real: 59, decimal: 106, date: 40, datetime: 61, datetime2: 42, binary: 173, varbinary: 165, null: 0,
};

/** SQLite column affinity for a kind (values are converted before they are stored, so this only keeps them as they are). */
export function sqliteAffinity(kind: TypeKind): string {
  if (INTEGER_KINDS.has(kind) || kind === 'bit') return 'INTEGER';
  if (kind === 'float' || kind === 'real' || kind === 'decimal') return 'REAL';
  if (kind === 'binary' || kind === 'varbinary') return 'BLOB';
  return 'TEXT';
}
