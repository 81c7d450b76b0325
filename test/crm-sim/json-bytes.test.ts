import { expect } from 'chai';
import { jsonBytes } from '../../src/crm-sim/json-bytes.js';

const stringified = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? '', 'utf8');

describe('jsonBytes', () => {
  it('writes a large feed page byte for byte as JSON.stringify does, across chunk boundaries', () => {
    const names = ['Société Générale', 'Brasserie ’t Hof', 'Ørsted ☕', 'Emoji 😀 BV', 'lone \ud800 half', 'quote " and \\ and \n'];
    const page = {
      $url: 'http://127.0.0.1:1/sdata/crmj/sagecrm2/-/Company',
      $totalResults: 5000,
      $startIndex: 1,
      $itemsPerPage: 1000,
      $resources: Array.from({ length: 1000 }, (_, i) => ({
        $key: String(i + 1),
        $title: names[i % names.length],
        comp_companyid: i + 1,
        comp_name: `${names[i % names.length]} ${'x'.repeat(i % 97)}`,
        comp_website: null,
        comp_skipped: undefined,
      })),
    };
    const bytes = jsonBytes(page);
    expect(bytes.length).to.be.greaterThan(64 * 1024); // several chunks
    expect(bytes.equals(stringified(page))).to.equal(true);
  });

  it('leaves out and writes as null what JSON.stringify leaves out and writes as null', () => {
    const page = { before: undefined, $resources: [1, undefined, () => 1, { a: undefined, b: 2 }], fn: () => 1, after: 'z' };
    expect(jsonBytes(page).toString('utf8')).to.equal(JSON.stringify(page));
    expect(jsonBytes({ $resources: [] }).toString('utf8')).to.equal('{"$resources":[]}');
  });

  it('takes the plain way for everything that is not a plain object with a $resources list', () => {
    const withToJson = { $resources: [1, 2], toJSON: () => ({ replaced: true }) };
    for (const value of [null, 'text é', 42, [1, { $resources: [1] }], { $resources: 'not a list' }, { $diagnoses: [{ $message: 'x' }] }, withToJson]) {
      expect(jsonBytes(value).equals(stringified(value)), JSON.stringify(value)).to.equal(true);
    }
  });
});
