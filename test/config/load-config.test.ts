import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, resolveConfig } from '../../src/config/load-config.js';
import { BobsyncError } from '../../src/errors.js';

function configError(json: unknown): BobsyncError {
  try {
    resolveConfig(json, '/tmp/x/bobsync.config.json');
  } catch (error) {
    expect(error).to.be.instanceOf(BobsyncError);
    return error as BobsyncError;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  const minimal = { bob: { driver: 'sqlite', file: 'bob.sqlite' }, crm: { driver: 'sim', file: 'crm.sqlite' } };

  it('resolves relative paths against the configuration file and fills defaults', () => {
    const config = resolveConfig(minimal, '/srv/firm/bobsync.config.json');
    expect(config.bob).to.deep.equal({ driver: 'sqlite', file: '/srv/firm/bob.sqlite' });
    expect(config.crm).to.deep.equal({ driver: 'sim', file: '/srv/firm/crm.sqlite' });
    expect(config.lang).to.equal('nl');
    expect(config.statePrefix).to.equal('BSY_');
    expect(config.bobSchema.companyTable).to.equal('AC_COMPAN');
    expect(config.crmSchema.company.vat).to.equal('comp_vatnumber');
    expect(config.csv.delimiter).to.equal(';');
  });

  it('merges schema overrides over the defaults', () => {
    const config = resolveConfig(
      { ...minimal, bobSchema: { companyTable: 'AC_COMPAN2', company: { vatNo: 'CVATNUM' } }, crmSchema: { company: { vat: 'comp_btw' } } },
      '/srv/bobsync.config.json',
    );
    expect(config.bobSchema.companyTable).to.equal('AC_COMPAN2');
    expect(config.bobSchema.company.vatNo).to.equal('CVATNUM');
    expect(config.bobSchema.company.id).to.equal('CID');
    expect(config.crmSchema.company.vat).to.equal('comp_btw');
    expect(config.crmSchema.company.name).to.equal('comp_name');
  });

  it('fills the REST defaults and keeps the environment variable names, not secrets', () => {
    const config = resolveConfig(
      { ...minimal, crm: { driver: 'rest', url: 'https://crm.example/sdata/crmj/sagecrm2/-/', userEnv: 'CRM_USER', passwordEnv: 'CRM_PASSWORD' } },
      '/srv/bobsync.config.json',
    );
    expect(config.crm).to.include({ driver: 'rest', concurrency: 8, userEnv: 'CRM_USER', passwordEnv: 'CRM_PASSWORD' });
  });

  const cases: Array<[string, unknown, RegExp]> = [
    ['a missing key', { bob: minimal.bob }, /is missing the key "crm"/],
    ['an unknown key', { ...minimal, pasword: 'x' }, /unknown key "pasword"/],
    ['an unknown driver', { ...minimal, bob: { driver: 'oracle' } }, /"bob".driver must be one of/],
    ['a wrong type', { ...minimal, crm: { driver: 'rest', url: 'http://h/sdata/crmj/sagecrm2/-/', userEnv: 'U', passwordEnv: 'P', concurrency: 'many' } }, /"crm.concurrency" must be an integer/],
    ['an out-of-range number', { ...minimal, crm: { driver: 'rest', url: 'http://h/sdata/crmj/sagecrm2/-/', userEnv: 'U', passwordEnv: 'P', concurrency: 0 } }, /"crm.concurrency" must be ≥ 1/],
    ['an identifier that could inject SQL', { ...minimal, bobSchema: { companyTable: 'AC_COMPAN]; DROP TABLE x; --' } }, /"bobSchema.companyTable" must match/],
    ['a personal field column that is not an identifier', { ...minimal, personalFields: [{ column: 'X SECTOR', label: 'Sector' }] }, /"personalFields\[0\].column" must match/],
    ['an unsupported language', { ...minimal, lang: 'de' }, /"lang" must be one of "nl", "fr", "en"/],
    ['a CRM URL that is not a sagecrm2 base URL', { ...minimal, crm: { driver: 'rest', url: 'http://h/crm', userEnv: 'U', passwordEnv: 'P' } }, /"crm.url" must match/],
    ['a repeated personal field', { ...minimal, personalFields: [{ column: 'XSECTOR', label: 'a' }, { column: 'xsector', label: 'b' }] }, /repeats XSECTOR/],
  ];
  for (const [what, json, message] of cases) {
    it(`refuses ${what} with one message naming the key`, () => {
      const error = configError(json);
      expect(error.code).to.equal('config');
      expect(error.exitCode).to.equal(78);
      expect(error.message).to.match(message);
    });
  }

  it('names the file when it is missing or not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    try {
      expect(() => loadConfig('nope.json', dir)).to.throw(BobsyncError, /configuration file not found/);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{ "bob": ');
      expect(() => loadConfig('bad.json', dir)).to.throw(BobsyncError, /bad\.json is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
