import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BobsyncError } from '../../src/errors.js';
import { detectDelimiter, readCsvFile } from '../../src/import/read-csv.js';
import { readWorkbook } from '../../src/import/read-workbook.js';
import { DEFAULT_LIMITS } from '../../src/import/import-limits.js';

describe('detectDelimiter', () => {
  const cases: Array<[string, string, ';' | ',' | '\t' | undefined, string]> = [
    ['semicolons', 'Row key;Action;BOB id', undefined, ';'],
    ['commas', 'Row key,Action,BOB id', undefined, ','],
    ['tabs', 'Row key\tAction\tBOB id', undefined, '\t'],
    ['commas inside quotes only', '"a,b";"c,d";e', undefined, ';'],
    ['the preferred one when present', 'a;b,c,d', ';', ';'],
    ['the most frequent when the preferred is absent', 'a,b,c', ';', ','],
    ['the preferred one for a single column', 'Row key', '\t', '\t'],
    ['a semicolon for a single column by default', 'Row key', undefined, ';'],
  ];
  for (const [what, line, preferred, expected] of cases) {
    it(`finds ${what}`, () => {
      expect(detectDelimiter(line, preferred)).to.equal(expected);
    });
  }
});

describe('readCsvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  for (const [name, delimiter] of [
    ['semicolon', ';'],
    ['comma', ','],
    ['tab', '\t'],
  ] as const) {
    it(`reads a ${name}-separated file with a BOM, quotes and line breaks (as LF) in cells`, async () => {
      const d = delimiter;
      const file = write('x.csv', `\uFEFFRow key${d}Name${d}Note\r\nB2C:A${d}"Acme${d} ""NV"""${d}"two\r\nlines"\r\nB2C:B${d}${d}Ja\r\n`);
      const { rows, delimiter: found } = await readCsvFile(file, DEFAULT_LIMITS);
      expect(found).to.equal(d);
      expect(rows).to.deep.equal([
        { number: 1, cells: ['Row key', 'Name', 'Note'] },
        { number: 2, cells: ['B2C:A', `Acme${d} "NV"`, 'two\nlines'] },
        { number: 3, cells: ['B2C:B', null, 'Ja'] },
      ]);
    });
  }

  it('keeps leading zeros and exponent-like codes as text', async () => {
    const file = write('x.csv', '\uFEFFa;b;c\r\n0042;22E1;00\r\n');
    const { rows } = await readCsvFile(file, DEFAULT_LIMITS);
    expect(rows[1]!.cells).to.deep.equal(['0042', '22E1', '00']);
  });

  it('reads a file Excel saved in the ANSI code page as Windows-1252, with a note', async () => {
    const file = write('x.csv', Buffer.from('Row key;Localit\xe9\r\nB2C:A;Li\xe8ge\r\n', 'latin1'));
    const { rows, notes } = await readCsvFile(file, DEFAULT_LIMITS);
    expect(rows[0]!.cells).to.deep.equal(['Row key', 'Localité']);
    expect(rows[1]!.cells).to.deep.equal(['B2C:A', 'Liège']);
    expect(notes[0]).to.contain('Windows-1252');
  });

  it('numbers rows by record, skipping empty lines but not their numbers', async () => {
    const file = write('x.csv', 'a;b\r\n\r\nx;y\r\n');
    const { rows } = await readCsvFile(file, DEFAULT_LIMITS);
    expect(rows.map((r) => r.number)).to.deep.equal([1, 3]);
  });

  it('refuses a file with more rows than the limit', async () => {
    const file = write('x.csv', 'a\r\n1\r\n2\r\n3\r\n');
    try {
      await readCsvFile(file, { ...DEFAULT_LIMITS, maxRowsPerSheet: 2 });
    } catch (error) {
      expect(error).to.be.instanceOf(BobsyncError);
      expect((error as BobsyncError).message).to.contain('more than 2 rows');
      return;
    }
    throw new Error('expected a refusal');
  });
});

describe('readCsvFolder (through readWorkbook)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder without meta.json, with a hint', async () => {
    fs.writeFileSync(path.join(dir, 'bob-to-crm.csv'), 'a;b\r\n');
    try {
      await readWorkbook(dir);
    } catch (error) {
      expect((error as BobsyncError).code).to.equal('bad-input');
      expect((error as BobsyncError).message).to.contain('meta.json');
      expect((error as BobsyncError).hint).to.contain('analyse');
      return;
    }
    throw new Error('expected a refusal');
  });

  it('refuses a meta.json that is not a list of pairs', async () => {
    fs.writeFileSync(path.join(dir, 'meta.json'), '{"entries": {"a": 1}}');
    try {
      await readWorkbook(dir);
    } catch (error) {
      expect((error as BobsyncError).code).to.equal('bad-input');
      return;
    }
    throw new Error('expected a refusal');
  });
});
