import { expect } from 'chai';
import { deriveBobId } from '../../src/engine/new-bob-id.js';

const BOB_CODE = /^[A-Z0-9_-]{1,10}$/;

describe('deriveBobId', () => {
  const cases: Array<[string, string]> = [
    ['Acme NV', 'ACME'],
    ['acme', 'ACME'],
    ['Émile Brûlé SA', 'EMILEBRULE'],
    ['B.V.B.A. Janssens & Zonen', 'JANSSENSZO'],
    ['Comm.V Peeters', 'PEETERS'],
    ['Comm. VA Peeters', 'PEETERS'],
    ['SPRL Dupont-Lefèvre', 'DUPONTLEFE'],
    ['VZW De Kleine Wereld', 'DEKLEINEWE'],
    ['ASBL Les Amis', 'LESAMIS'],
    ['Müller GmbH', 'MULLER'],
    ['3M Belgium', '3MBELGIUM'],
    ['S.A.', 'SA'],
    ['***', 'NEW'],
    ['', 'NEW'],
  ];
  for (const [name, code] of cases) {
    it(`derives ${code} from "${name}"`, () => {
      expect(deriveBobId(name, new Set())).to.equal(code);
    });
  }

  it('appends digits when the code is taken', () => {
    expect(deriveBobId('Acme', new Set(['ACME']))).to.equal('ACME2');
    expect(deriveBobId('Acme', new Set(['ACME', 'ACME2', 'ACME3']))).to.equal('ACME4');
  });

  it('shortens the name to keep the code within 10 characters', () => {
    const taken = new Set(['VERYLONGCO']);
    expect(deriveBobId('Verylongcompanyname', taken)).to.equal('VERYLONGC2');
    for (let n = 2; n <= 9; n++) taken.add(`VERYLONGC${n}`);
    expect(deriveBobId('Verylongcompanyname', taken)).to.equal('VERYLONG10');
  });

  it('honours a shorter maximum length', () => {
    expect(deriveBobId('Verylongcompanyname', new Set(), 6)).to.equal('VERYLO');
    expect(deriveBobId('Verylongcompanyname', new Set(['VERYLO']), 6)).to.equal('VERYL2');
  });

  it('never returns a taken code and always returns a valid one', () => {
    const taken = new Set<string>(['ACME']);
    for (let i = 0; i < 30; i++) {
      const code = deriveBobId('Acme N.V.', taken);
      expect(taken.has(code)).to.equal(false);
      expect(code).to.match(BOB_CODE);
      taken.add(code);
    }
    expect(taken.size).to.equal(31);
  });

  it('gives the same codes when resuming the count across calls', () => {
    const withMemory = new Set(['ACME']);
    const without = new Set(['ACME', 'ACME3']);
    withMemory.add('ACME3');
    const nextSuffix = new Map<string, number>();
    for (let i = 0; i < 5; i++) {
      const a = deriveBobId('Acme', withMemory, 10, nextSuffix);
      const b = deriveBobId('Acme', without);
      expect(a).to.equal(b);
      withMemory.add(a);
      without.add(b);
    }
    expect([...withMemory]).to.include.members(['ACME2', 'ACME4', 'ACME5', 'ACME6', 'ACME7']);
  });

  it('does not walk a range of codes again once every code in it is taken', () => {
    // BOB's own codes fill RESTAURAN2..9 and RESTAURA10..99: each of them is looked at once, by the first name.
    const taken = new Set(['RESTAURANT']);
    for (let n = 2; n <= 99; n++) taken.add(n < 10 ? `RESTAURAN${n}` : `RESTAURA${n}`);
    let lookups = 0;
    const counting = { has: (code: string) => (lookups++, taken.has(code)) } as ReadonlySet<string>;
    const nextSuffix = new Map<string, number>();
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const code = deriveBobId('Restaurant', counting, 10, nextSuffix);
      taken.add(code);
      codes.push(code);
    }
    expect(codes.slice(0, 3)).to.deep.equal(['RESTAUR100', 'RESTAUR101', 'RESTAUR102']);
    // First call: RESTAURANT plus the 98 taken codes plus RESTAUR100; each later call: 1 + 1.
    expect(lookups).to.equal(1 + 98 + 1 + 49 * 2);
  });
});
