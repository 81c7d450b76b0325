import { expect } from 'chai';
import { parseOrderBy, parseWhere, type SqlParam } from '../../src/crm-sim/where-parser.js';
import { SimRequestError } from '../../src/crm-sim/sim-error.js';

const columns = new Set(['comp_companyid', 'comp_name', 'comp_type', 'comp_bobsync', 'comp_vatnumber']);

describe('parseWhere', () => {
  const compiles: [string, string, SqlParam[]][] = [
    ["comp_name eq 'Dupont'", '("comp_name" = ?)', ['Dupont']],
    ["COMP_NAME EQ 'Dupont'", '("comp_name" = ?)', ['Dupont']],
    ['comp_companyid gt 3 and comp_companyid le 10', '("comp_companyid" > ? AND "comp_companyid" <= ?)', [3n, 10n]],
    ['comp_companyid ge 1.5', '("comp_companyid" >= ?)', [1.5]],
    ["comp_type ne 'Supplier'", '("comp_type" <> ?)', ['Supplier']],
    ['comp_companyid lt -2', '("comp_companyid" < ?)', [-2n]],
    ["comp_name like 'A%'", '("comp_name" LIKE ?)', ['A%']],
    ["comp_companyid in ('43','45')", '("comp_companyid" IN (?, ?))', ['43', '45']],
    ['comp_companyid in (43)', '("comp_companyid" IN (?))', [43n]],
    ['comp_companyid between 43 and 50', '("comp_companyid" BETWEEN ? AND ?)', [43n, 50n]],
    ['comp_vatnumber eq null', '("comp_vatnumber" IS NULL)', []],
    ['comp_vatnumber ne null', '("comp_vatnumber" IS NOT NULL)', []],
    ['comp_name gt @2014-03-14@', '("comp_name" > ?)', ['2014-03-14']],
    ["not comp_type eq 'Customer'", '(NOT ("comp_type" = ?))', ['Customer']],
    [
      "comp_type eq 'Customer' and (comp_bobsync eq 'Y' or comp_name like 'A%')",
      '("comp_type" = ? AND ("comp_bobsync" = ? OR "comp_name" LIKE ?))',
      ['Customer', 'Y', 'A%'],
    ],
    [
      "comp_name eq 'A' or comp_name eq 'B' and comp_type eq 'C'",
      '("comp_name" = ? OR "comp_name" = ? AND "comp_type" = ?)',
      ['A', 'B', 'C'],
    ],
    ["comp_name eq 'O''Brien'", '("comp_name" = ?)', ["O'Brien"]],
    // An injection attempt stays inside the literal: the quote is doubled, so it is one value.
    ["comp_name eq 'x'' or 1=1 --'", '("comp_name" = ?)', ["x' or 1=1 --"]],
    ["comp_name eq 'x\"; DROP TABLE company; --'", '("comp_name" = ?)', ['x"; DROP TABLE company; --']],
  ];
  for (const [where, sql, params] of compiles) {
    it(`compiles ${where}`, () => {
      expect(parseWhere(where, columns)).to.deep.equal({ sql, params });
    });
  }

  const refuses: [string, RegExp][] = [
    ["comp_name eq 'x' or 1=1 --", /Expected a field name|Unexpected/],
    ["comp_secret eq 'x'", /Unknown field "comp_secret"/],
    ["comp_name eq 'unterminated", /Unterminated string/],
    ['comp_name eq', /Expected a value after eq/],
    ["comp_name equals 'x'", /Expected an operator/],
    ["comp_name eq 'x'; DROP TABLE company", /Unexpected ";"/],
    ["comp_name eq 'x' comp_type eq 'y'", /Unexpected "comp_type"/],
    ["(comp_name eq 'x'", /Expected "\)"/],
    ["comp_name in ('a' 'b')", /"," or "\)"/],
    ['comp_companyid between 1 or 2', /Expected "and"/],
    ['comp_name like 5', /quoted pattern/],
    ["comp_name eq \"x\"", /Unexpected """/],
    ['comp_name gt null', /Expected a value/],
    ['', /Expected a field name/],
    [`${'('.repeat(40)}comp_name eq 'x'${')'.repeat(40)}`, /nested deeper/],
  ];
  for (const [where, message] of refuses) {
    it(`refuses ${JSON.stringify(where.slice(0, 60))} with BadWhereSyntax`, () => {
      let error: unknown;
      try {
        parseWhere(where, columns);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(SimRequestError);
      expect((error as SimRequestError).status).to.equal(400);
      expect((error as SimRequestError).sdataCode).to.equal('BadWhereSyntax');
      expect((error as SimRequestError).message).to.match(message);
    });
  }

  it('refuses an in list with too many values', () => {
    const values = Array.from({ length: 2001 }, (_, i) => `'${i}'`).join(',');
    expect(() => parseWhere(`comp_companyid in (${values})`, columns)).to.throw(/more than 2000 values/);
  });
});

describe('parseOrderBy', () => {
  it('compiles fields with directions', () => {
    expect(parseOrderBy('comp_name desc, comp_companyid', columns)).to.equal('"comp_name" DESC, "comp_companyid" ASC');
  });

  it('refuses unknown fields and anything else', () => {
    expect(() => parseOrderBy('comp_secret', columns)).to.throw(/Unknown field/);
    expect(() => parseOrderBy('comp_name; DROP TABLE company', columns)).to.throw(/Cannot read orderBy/);
  });
});
