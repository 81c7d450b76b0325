import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { BobsyncError } from '../../src/errors.js';
import { readWorkbook } from '../../src/import/read-workbook.js';
import { metaHash } from '../../src/workbook/cell-hash.js';
import { SHEET_NAMES } from '../../templates/columns.js';
import { editXlsx, exportProposal, type Exported } from './fixtures.js';
import { buildZip, deflatedPart, zerosPart } from './zip-builder.js';

async function refusal(promise: Promise<unknown>): Promise<BobsyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BobsyncError);
    return error as BobsyncError;
  }
  throw new Error('expected the file to be refused');
}

describe('readWorkbook', () => {
  let dir: string;
  const exported: Exported[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const e of exported.splice(0)) e.cleanup();
  });
  const exportOne = async (options: Parameters<typeof exportProposal>[0] = {}): Promise<Exported> => {
    const e = await exportProposal(options);
    exported.push(e);
    return e;
  };

  it('reads an exported xlsx: sheets in order by name, the very hidden _meta as exported, the file hash', async () => {
    const e = await exportOne({ lang: 'fr' });
    const workbook = await readWorkbook(e.path);
    expect(workbook.format).to.equal('xlsx');
    expect(workbook.sheets.map((s) => s.name)).to.deep.equal([
      SHEET_NAMES.summary.fr,
      SHEET_NAMES.bobToCrm.fr,
      SHEET_NAMES.crmToBob.fr,
      SHEET_NAMES.personalFields.fr,
      SHEET_NAMES.mapping.fr,
      SHEET_NAMES.excluded.fr,
    ]);
    expect(workbook.meta?.state).to.equal('veryHidden');
    expect(metaHash(workbook.meta!.entries)).to.equal(e.registered.proposal.metaSha256);
    expect(workbook.fileSha256).to.equal(e.registered.proposal.fileSha256);
    const bobToCrm = workbook.sheets[1]!;
    expect(bobToCrm.rows[0]!.number).to.equal(1);
    expect(bobToCrm.rows[1]!.cells.slice(0, 2)).to.deep.equal(['Créer dans le CRM', 'ACME']);
    expect(bobToCrm.rows[1]!.cells.at(-1)).to.equal('B2C:ACME');
  });

  it('reads an exported CSV folder with the same folder hash as the exporter, BOM stripped', async () => {
    const e = await exportOne({ format: 'csv' });
    const workbook = await readWorkbook(e.path);
    expect(workbook.format).to.equal('csv');
    expect(workbook.fileSha256).to.equal(e.registered.proposal.fileSha256);
    expect(workbook.sheets.map((s) => s.name)).to.include('bob-to-crm.csv');
    const header = workbook.sheets.find((s) => s.name === 'bob-to-crm.csv')!.rows[0]!;
    expect(header.cells[0]).to.equal('Action');
    expect(header.cells.at(-1)).to.equal('Row key');
    expect(metaHash(workbook.meta!.entries)).to.equal(e.registered.proposal.metaSha256);
  });

  it('reads a _meta sheet that LibreOffice turned from very hidden into hidden', async () => {
    const e = await exportOne();
    await editXlsx(e.path, (workbook) => {
      workbook.getWorksheet('_meta')!.state = 'hidden';
    });
    const workbook = await readWorkbook(e.path);
    expect(workbook.meta?.state).to.equal('hidden');
    expect(metaHash(workbook.meta!.entries)).to.equal(e.registered.proposal.metaSha256);
  });

  it('keeps accented text intact over a large sheet (characters split between chunks)', async () => {
    const file = path.join(dir, 'big.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = writer.addWorksheet('Données');
    const text = (i: number) => `Société Générale — Liège ${i} ééé ç`;
    for (let i = 1; i <= 20000; i++) sheet.addRow([text(i), i]).commit();
    sheet.commit();
    await writer.commit();

    const workbook = await readWorkbook(file);
    const rows = workbook.sheets[0]!.rows;
    expect(workbook.sheets[0]!.name).to.equal('Données');
    expect(rows).to.have.length(20000);
    const damaged = rows.filter((row, i) => row.cells[0] !== text(i + 1) || row.cells[1] !== i + 1);
    expect(damaged).to.deep.equal([]);
  });

  it('reports a missing path as missing input', async () => {
    const error = await refusal(readWorkbook(path.join(dir, 'nowhere.xlsx')));
    expect(error.code).to.equal('missing-input');
    expect(error.message).to.contain('nowhere.xlsx');
  });

  it('asks for the folder when given one file of a CSV folder', async () => {
    const file = path.join(dir, 'bob-to-crm.csv');
    fs.writeFileSync(file, 'a;b\r\n');
    const error = await refusal(readWorkbook(file));
    expect(error.code).to.equal('bad-input');
    expect(error.hint).to.contain('folder');
  });

  it('refuses a file that is not a zip', async () => {
    const file = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(file, 'just some text, not a workbook');
    const error = await refusal(readWorkbook(file));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('not a zip');
  });

  it('refuses an encrypted workbook with a hint to remove the password', async () => {
    const file = path.join(dir, 'secret.xlsx');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    const error = await refusal(readWorkbook(file));
    expect(error.code).to.equal('bad-input');
    expect(error.hint).to.contain('password');
  });

  it('refuses a file over the maximum size before reading it', async () => {
    const e = await exportOne();
    const error = await refusal(readWorkbook(e.path, { maxFileBytes: 1000 }));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.match(/is larger than 1000 bytes/);
  });

  it('refuses a zip whose parts declare more than the uncompressed limit, without inflating them', async () => {
    const file = path.join(dir, 'bomb.xlsx');
    const zeros = await zerosPart('xl/worksheets/sheet1.xml', 300 * 1024 * 1024);
    fs.writeFileSync(file, buildZip([deflatedPart('[Content_Types].xml', '<Types/>'), zeros]));
    expect(fs.statSync(file).size).to.be.below(5 * 1024 * 1024);
    const error = await refusal(readWorkbook(file, { maxUncompressedBytes: 100 * 1024 * 1024 }));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('larger than 100 MB once uncompressed (300 MB)');
  });

  it('refuses a part that expands beyond the size it declares, as soon as it does', async () => {
    const file = path.join(dir, 'liar.xlsx');
    const rels =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '</Relationships>';
    const workbook = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>';
    // 4 MB of zeros declared as 1000 bytes: the reading stops at the first inflated chunk.
    const zeros = await zerosPart('xl/sharedStrings.xml', 4 * 1024 * 1024);
    fs.writeFileSync(
      file,
      buildZip([
        deflatedPart('[Content_Types].xml', '<Types/>'),
        deflatedPart('xl/_rels/workbook.xml.rels', rels),
        deflatedPart('xl/workbook.xml', workbook),
        { ...zeros, declaredSize: 1000 },
      ]),
    );
    const error = await refusal(readWorkbook(file));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('expands beyond its declared size');
  });

  it('refuses a zip whose part lies outside the archive', async () => {
    const file = path.join(dir, 'damaged.xlsx');
    const zip = buildZip([deflatedPart('a.xml', '<a>some text to compress</a>')]);
    // Central directory entry: compressed size (offset 20 in the entry) made larger than the file.
    const central = zip.length - 22 - (46 + 'a.xml'.length);
    zip.writeUInt32LE(100000, central + 20);
    fs.writeFileSync(file, zip);
    const error = await refusal(readWorkbook(file));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('outside the archive');
  });

  it('refuses a sheet with more rows than the limit', async () => {
    const e = await exportOne();
    const error = await refusal(readWorkbook(e.path, { maxRowsPerSheet: 10 }));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('more than 10 rows');
  });

  it('refuses a CSV folder over the maximum size', async () => {
    const e = await exportOne({ format: 'csv' });
    const error = await refusal(readWorkbook(e.path, { maxFileBytes: 2000 }));
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain('larger than');
  });
});
