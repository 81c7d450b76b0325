/**
 * The type objects of mssql (`lib/datatypes.js`): each is a function that also serves as the type
 * itself. `request.input('x', NVarChar, v)` and `request.input('x', NVarChar(40), v)` both work, as
 * in mssql, which calls a function type to get `{ type, length }`. `MAX` is mssql's 65535.
 */

export interface TypeSpec {
  type: TypeFactory;
  length?: number;
  precision?: number;
  scale?: number;
}

export interface TypeFactory {
  (...args: number[]): TypeSpec;
  /** The T-SQL name mssql declares the type with (`nvarchar`). */
  readonly declaration: string;
}

function factory(declaration: string, build: (self: TypeFactory, args: number[]) => TypeSpec): TypeFactory {
  const self = Object.assign((...args: number[]) => build(self, args), { declaration }) as TypeFactory;
  return self;
}

const sized = (declaration: string): TypeFactory => factory(declaration, (type, [length]) => ({ type, length }));
const plain = (declaration: string): TypeFactory => factory(declaration, (type) => ({ type }));
const scaled = (declaration: string): TypeFactory => factory(declaration, (type, [scale]) => ({ type, scale }));
const precise = (declaration: string): TypeFactory => factory(declaration, (type, [precision, scale]) => ({ type, precision, scale }));

export const MAX = 65535;

export const TYPES = {
  VarChar: sized('varchar'),
  NVarChar: sized('nvarchar'),
  Text: plain('text'),
  Int: plain('int'),
  BigInt: plain('bigint'),
  TinyInt: plain('tinyint'),
  SmallInt: plain('smallint'),
  Bit: plain('bit'),
  Float: plain('float'),
  Numeric: precise('numeric'),
  Decimal: precise('decimal'),
  Real: plain('real'),
  Date: plain('date'),
  DateTime: plain('datetime'),
  DateTime2: scaled('datetime2'),
  DateTimeOffset: scaled('datetimeoffset'),
  SmallDateTime: plain('smalldatetime'),
  Time: scaled('time'),
  UniqueIdentifier: plain('uniqueidentifier'),
  SmallMoney: plain('smallmoney'),
  Money: plain('money'),
  Binary: sized('binary'),
  VarBinary: sized('varbinary'),
  Image: plain('image'),
  Xml: plain('xml'),
  Char: sized('char'),
  NChar: sized('nchar'),
  NText: plain('ntext'),
  TVP: plain('tvp'),
  UDT: plain('udt'),
  Geography: plain('geography'),
  Geometry: plain('geometry'),
  Variant: plain('sql_variant'),
} as const;

/** The declaration mssql and tedious send for a parameter (`nvarchar(5)` for a 5-character value without a length). */
export function declaration(spec: TypeSpec, value: unknown): string {
  const name = spec.type.declaration;
  const valueLength = typeof value === 'string' ? value.length || 1 : Buffer.isBuffer(value) ? value.length || 1 : 1;
  switch (spec.type) {
    case TYPES.NVarChar: {
      const length = spec.length ?? valueLength;
      return length > 4000 ? 'nvarchar(max)' : `nvarchar(${length})`;
    }
    case TYPES.VarChar:
    case TYPES.VarBinary: {
      const length = spec.length ?? valueLength;
      return length > 8000 ? `${name}(max)` : `${name}(${length})`;
    }
    case TYPES.Char:
    case TYPES.NChar:
    case TYPES.Binary:
      return `${name}(${spec.length ?? 1})`;
    case TYPES.DateTime2:
      return `datetime2(${spec.scale ?? 7})`;
    case TYPES.Decimal:
    case TYPES.Numeric:
      return `${name}(${spec.precision ?? 18}, ${spec.scale ?? 0})`;
    default:
      return name;
  }
}
