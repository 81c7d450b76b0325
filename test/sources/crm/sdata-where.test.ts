import { expect } from 'chai';
import { combineWhere, sdataLiteral, whereEq, whereIn } from '../../../src/sources/crm/sdata-where.js';

describe('sdataLiteral', () => {
  it('doubles embedded single quotes', () => {
    expect(sdataLiteral("O'Brien")).to.equal("'O''Brien'");
    expect(sdataLiteral("x' or 1=1 --")).to.equal("'x'' or 1=1 --'");
  });
});

describe('whereEq', () => {
  it('compares a field with a quoted value', () => {
    expect(whereEq('comp_bobid', 'DUPONT')).to.equal("comp_bobid eq 'DUPONT'");
  });
});

describe('whereIn', () => {
  it('quotes every value', () => {
    expect(whereIn('comp_companyid', ['43', '45'])).to.deep.equal(["comp_companyid in ('43','45')"]);
  });

  it('gives no clause for no values', () => {
    expect(whereIn('comp_companyid', [])).to.deep.equal([]);
  });

  it('splits long lists into chunks and drops duplicates', () => {
    const values = Array.from({ length: 250 }, (_, i) => String(i));
    const clauses = whereIn('comp_companyid', [...values, '7'], 100);
    expect(clauses).to.have.length(3);
    expect(clauses[2]).to.equal(`comp_companyid in (${values.slice(200).map((v) => `'${v}'`).join(',')})`);
  });
});

describe('combineWhere', () => {
  it('parenthesises each part', () => {
    expect(combineWhere('and', ["comp_type eq 'Customer'", "comp_bobsync eq 'Y'"])).to.equal(
      "(comp_type eq 'Customer') and (comp_bobsync eq 'Y')",
    );
  });

  it('leaves a single part alone and skips empty ones', () => {
    expect(combineWhere('or', ['', "comp_name eq 'A'"])).to.equal("comp_name eq 'A'");
    expect(combineWhere('or', [])).to.equal('');
  });
});
