import { expect } from 'chai';
import path from 'node:path';
import { openSimStore, simEntity } from '../../src/crm-sim/sim-store.js';
import { seedSimDatabase } from '../../src/crm-sim/seed.js';
import { aCrmCompany, tempDir } from './sim-fixture.js';

describe('openSimStore', () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => ({ dir, remove } = tempDir()));
  afterEach(() => remove());

  const page = { where: '', orderBy: '', startIndex: 1, count: 100 };

  it('creates a missing file with the built-in custom fields', () => {
    const store = openSimStore(path.join(dir, 'new.sqlite'));
    try {
      expect(store.isEmpty()).to.equal(true);
      expect(store.fields('Company').filter((f) => f.custom).map((f) => f.name)).to.deep.equal(['comp_bobsync', 'comp_vatnumber', 'comp_bobid']);
      expect([...store.columns('Company')]).to.include.members(['comp_companyid', 'comp_bobid', 'comp_vatnumber']);
    } finally {
      store.close();
    }
  });

  it('sees its own writes in feeds it served before', () => {
    const store = openSimStore(path.join(dir, 'crm.sqlite'));
    try {
      store.insert('Company', { comp_name: 'A' });
      expect(store.feed('Company', page).total).to.equal(1);
      store.insert('Company', { comp_name: 'B' });
      store.update('Company', '1', { comp_name: 'A2' });
      expect(store.feed('Company', page).rows.map((r) => r.comp_name)).to.deep.equal(['A2', 'B']);
    } finally {
      store.close();
    }
  });

  it('sees writes made through another connection', () => {
    const file = path.join(dir, 'crm.sqlite');
    seedSimDatabase(file, { companies: [aCrmCompany({ name: 'A' })], persons: [], fields: [] });
    const reader = openSimStore(file);
    const writer = openSimStore(file);
    try {
      expect(reader.feed('Company', page).total).to.equal(1);
      writer.insert('Company', { comp_name: 'B' });
      expect(reader.feed('Company', page).total).to.equal(2);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('compares text without regard to case, like Sage CRM on SQL Server', () => {
    const store = openSimStore(path.join(dir, 'crm.sqlite'));
    try {
      store.insert('Company', { comp_type: 'Customer', comp_bobid: 'DUPONT' });
      expect(store.feed('Company', { ...page, where: "comp_type eq 'customer' and comp_bobid in ('dupont')" }).total).to.equal(1);
    } finally {
      store.close();
    }
  });

  it('matches digits against numeric ids and text fields alike', () => {
    const store = openSimStore(path.join(dir, 'crm.sqlite'));
    try {
      store.insert('Company', { comp_bobid: '12' });
      expect(store.feed('Company', { ...page, where: "comp_companyid eq '1'" }).total).to.equal(1);
      expect(store.feed('Company', { ...page, where: 'comp_bobid eq 12' }).total).to.equal(1);
    } finally {
      store.close();
    }
  });
});

describe('simEntity', () => {
  it('reads a resource name in any case', () => {
    expect(simEntity('company')).to.equal('Company');
    expect(simEntity('ADDRESS')).to.equal('Address');
    expect(simEntity('Opportunity')).to.equal(undefined);
  });
});
