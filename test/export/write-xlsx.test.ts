import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { registrationRecords } from '../../src/app/proposal-registration.js';
import type { Lang } from '../../src/config/types.js';
import { type Proposal, CONDITION_OPERATORS, type DataSheetKey } from '../../src/engine/model.js';
import { writeProposal, type WrittenProposal } from '../../src/export/write-proposal.js';
import { columnLetter } from '../../src/workbook/cell-address.js';
import { metaHash, readOnlyCellHash } from '../../src/workbook/cell-hash.js';
import { restore } from '../../src/workbook/neutralise.js';
import { COLUMNS, DATA_SHEETS, META_SHEET, NO, SHEET_NAMES, SUMMARY_LABELS, YES, isDecision } from '../../templates/columns.js';
import { aContext, aProposal, anEmptyProposal } from './fixture.js';

interface Written {
  file: string;
  written: WrittenProposal;
  workbook: ExcelJS.Workbook;
  zip: JSZip;
}

/** The XML of a sheet, found by name through workbook.xml and its relationships. */
async function sheetXml(zip: JSZip, name: string): Promise<string> {
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const escaped = name.replace(/&/g, '&amp;').replace(/'/g, '&apos;');
  const rId = new RegExp(`<sheet [^>]*name="${escaped}"[^>]*r:id="(rId\\d+)"`).exec(workbook)?.[1];
  const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  if (rId === undefined || target === undefined) throw new Error(`no sheet ${name}`);
  return zip.file(`xl/${target.replace(/^\/?xl\//, '')}`)!.async('string');
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

describe('writeProposal (xlsx)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function write(lang: Lang = 'en', proposal: Proposal = aProposal()): Promise<Written> {
    const file = path.join(dir, `proposal-${lang}.xlsx`);
    const written = await writeProposal(proposal, aContext({ lang }), { format: 'xlsx', path: file });
    await written.commit();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    return { file, written, workbook, zip };
  }

  for (const lang of ['en', 'nl', 'fr'] as const) {
    it(`names the sheets in ${lang}, in order, with _meta last`, async () => {
      const { workbook } = await write(lang);
      const expected = [SHEET_NAMES.summary[lang], ...DATA_SHEETS.map((key) => SHEET_NAMES[key][lang]), META_SHEET];
      expect(workbook.worksheets.map((sheet) => sheet.name)).to.deep.equal(expected);
    });
  }

  it('puts the column labels in row 1 of every data sheet', async () => {
    const { workbook } = await write('fr');
    for (const key of DATA_SHEETS) {
      const sheet = workbook.getWorksheet(SHEET_NAMES[key].fr)!;
      const header = COLUMNS[key].map((_column, index) => sheet.getRow(1).getCell(index + 1).value);
      expect(header).to.deep.equal(COLUMNS[key].map((column) => column.labels.fr));
      expect(sheet.getRow(1).getCell(1).font?.bold).to.equal(true);
    }
  });

  it('keeps _meta very hidden, holding the entries whose hash is returned', async () => {
    const { workbook, written, zip } = await write('nl');
    const meta = workbook.getWorksheet(META_SHEET)!;
    expect(meta.state).to.equal('veryHidden');
    expect(workbook.worksheets[0]!.state).to.equal('visible');
    const entries: Array<[string, string]> = [];
    meta.eachRow((row) => {
      entries.push([cellText(row.getCell(1).value), restore(cellText(row.getCell(2).value))]);
    });
    expect(entries).to.deep.equal(written.metaEntries);
    expect(metaHash(entries)).to.equal(written.metaSha256);
    expect(new Map(entries).get('proposalId')).to.equal('P-20240102-0001');
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(workbookXml).to.match(/<sheet [^>]*name="_meta" state="veryHidden"/);
    expect(workbookXml).to.contain('activeTab="0"');
  });

  it('unlocks and colours the decision cells and locks the read-only ones', async () => {
    const { workbook } = await write();
    for (const key of DATA_SHEETS) {
      const sheet = workbook.getWorksheet(SHEET_NAMES[key].en)!;
      COLUMNS[key].forEach((column, index) => {
        const cell = sheet.getRow(2).getCell(index + 1);
        if (isDecision(column)) {
          expect(cell.protection?.locked, `${key}.${column.key}`).to.equal(false);
          expect((cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, `${key}.${column.key}`).to.equal('FFFFF2CC');
        } else {
          expect(cell.protection?.locked ?? true, `${key}.${column.key}`).to.not.equal(false);
        }
      });
    }
  });

  it('protects every sheet without password, allowing sort and filter, with a frozen header and an autofilter', async () => {
    const { workbook, zip } = await write();
    for (const key of DATA_SHEETS) {
      const name = SHEET_NAMES[key].en;
      const sheet = workbook.getWorksheet(name)!;
      const protection = (sheet as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
      expect(protection).to.include({ sheet: true, sort: true, autoFilter: true });
      expect(protection.hashValue).to.equal(undefined);
      expect(sheet.views[0]).to.include({ state: 'frozen', ySplit: 1 });
      const rows = aProposal()[key].length;
      expect(sheet.autoFilter).to.equal(`A1:${columnLetter(COLUMNS[key].length - 1)}${rows + 1}`);
      const xml = await sheetXml(zip, name);
      expect(xml).to.match(/<sheetProtection sheet="1"[^>]* sort="0" autoFilter="0"/);
    }
    const summary = await sheetXml(zip, 'Summary');
    expect(summary).to.contain('<sheetProtection sheet="1"');
  });

  it('adds one dropdown range per decision column over exactly the data rows', async () => {
    const { zip } = await write('nl');
    const b2c = await sheetXml(zip, SHEET_NAMES.bobToCrm.nl);
    const sqrefs = [...b2c.matchAll(/<dataValidation [^>]*sqref="([^"]+)"[^>]*>\s*<formula1>([^<]*)<\/formula1>/g)].map((m) => [m[1], m[2]]);
    // No sync (O) and Not this time (P) with the one Dutch yes; Link to CRM id is free input.
    expect(sqrefs).to.deep.equal([
      ['O2:O4', '&quot;Ja&quot;'],
      ['P2:P4', '&quot;Ja&quot;'],
    ]);

    const pf = await sheetXml(zip, SHEET_NAMES.personalFields.nl);
    const pfRanges = [...pf.matchAll(/<dataValidation [^>]*sqref="([^"]+)"[^>]*>\s*<formula1>([^<]*)<\/formula1>/g)].map((m) => [m[1], m[2]]);
    expect(pfRanges).to.deep.equal([
      ['D2:D3', '&quot;comp_sector,comp_region&quot;'],
      ['E2:E3', '&quot;Ja&quot;'],
      ['F2:F3', `&quot;${CONDITION_OPERATORS.join(',').replace(/</g, '&lt;').replace(/>/g, '&gt;')}&quot;`],
    ]);
  });

  it('offers no CRM field list when the inline list would exceed 255 characters', async () => {
    const file = path.join(dir, 'many-fields.xlsx');
    const crmFields = Array.from({ length: 30 }, (_x, i) => ({ name: `comp_custom_field_${i}`, caption: `Field ${i}`, type: 'text' }));
    const written = await writeProposal(aProposal(), aContext({ crmFields }), { format: 'xlsx', path: file });
    await written.commit();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const pf = await sheetXml(zip, SHEET_NAMES.personalFields.en);
    const sqrefs = [...pf.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(sqrefs).to.deep.equal(['E2:E3', 'F2:F3']);
  });

  it('writes no dropdown on an empty sheet but still its header', async () => {
    const { workbook, zip } = await write('en', anEmptyProposal());
    const sheet = workbook.getWorksheet('BOB to CRM')!;
    expect(sheet.getRow(1).getCell(1).value).to.equal('Row key');
    expect(sheet.rowCount).to.equal(1);
    expect(await sheetXml(zip, 'BOB to CRM')).to.not.contain('<dataValidation ');
  });

  it('writes codes, VAT numbers and postcodes as text cells, keeping leading zeros', async () => {
    const { workbook, zip } = await write();
    const sheet = workbook.getWorksheet('BOB to CRM')!;
    const row = sheet.getRow(3);
    expect(row.getCell(1).value).to.equal('B2C:0042');
    for (const [column, expected] of [
      [3, '0042'],
      [6, '0403019261'],
      [7, '0612'],
    ] as const) {
      const cell = row.getCell(column);
      expect(cell.type).to.equal(ExcelJS.ValueType.String);
      expect(cell.value).to.equal(expected);
      expect(cell.numFmt).to.equal('@');
    }
    expect(row.getCell(9).type).to.equal(ExcelJS.ValueType.Number);
    expect(await sheetXml(zip, 'BOB to CRM')).to.contain('<c r="F3" s="3" t="str"><v>0403019261</v></c>');
  });

  it('neutralises formula-like text and never writes a formula', async () => {
    const { workbook, zip } = await write();
    const b2c = workbook.getWorksheet('BOB to CRM')!;
    expect(b2c.getRow(3).getCell(5).value).to.equal('\'=HYPERLINK("x")');
    expect(b2c.getRow(4).getCell(5).value).to.equal("'+32 2 123 45 67");
    const c2b = workbook.getWorksheet('CRM to BOB')!;
    expect(c2b.getRow(3).getCell(5).value).to.equal("'@SUM(A1)");
    expect(c2b.getRow(3).getCell(11).value).to.equal("'-MINUS");
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).to.not.equal(ExcelJS.ValueType.Formula);
        });
      });
    }
    for (const name of Object.keys(zip.files).filter((file) => file.includes('worksheets/sheet'))) {
      expect(await zip.file(name)!.async('string')).to.not.contain('<f>');
    }
  });

  it('ends the Summary with the confirmation set to No, a Yes/No dropdown and an empty Reviewed by', async () => {
    const { workbook, written, zip } = await write('en');
    const summary = workbook.getWorksheet('Summary')!;
    const meta = new Map(written.metaEntries);
    const confirm = summary.getCell(meta.get('confirmCell')!);
    expect(confirm.value).to.equal(NO.en);
    expect(confirm.protection?.locked).to.equal(false);
    expect(summary.getCell(`A${confirm.row}`).value).to.equal('The synchronisation data is correct');
    const reviewedBy = summary.getCell(meta.get('reviewedByCell')!);
    expect(summary.getCell(`A${reviewedBy.row}`).value).to.equal(SUMMARY_LABELS.reviewedBy.en);
    expect(reviewedBy.value).to.equal(null);
    expect(reviewedBy.protection?.locked).to.equal(false);
    expect(summary.getCell('A1').value).to.contain('bobsync');
    expect(await sheetXml(zip, 'Summary')).to.contain(`sqref="${meta.get('confirmCell')}"><formula1>&quot;${YES.en},${NO.en}&quot;</formula1>`);
  });

  it('registers per row the hash of the read-only cells as they read back', async () => {
    const { workbook, written } = await write('fr');
    const records = [...registrationRecords('P-20240102-0001', written.rows)];
    expect(records.map((record) => record.key)).to.have.length(10);
    for (const key of DATA_SHEETS) {
      const sheet = workbook.getWorksheet(SHEET_NAMES[key].fr)!;
      const columns = COLUMNS[key];
      sheet.eachRow((row, number) => {
        if (number === 1) return;
        const texts = columns.flatMap((column, index) => (isDecision(column) ? [] : [cellText(row.getCell(index + 1).value)]));
        const record = records.find((candidate) => candidate.key === row.getCell(1).value)!;
        expect(record.sheet).to.equal(key satisfies DataSheetKey);
        expect(record.cellHash, `${key} row ${number}`).to.equal(readOnlyCellHash(texts));
      });
    }
    const acme = records.find((record) => record.key === 'B2C:ACME')!;
    // The payload is the engine row; its sources are registered once, in their own column.
    const { sources, ...row } = aProposal().bobToCrm[0]!;
    expect(JSON.parse(acme.payload)).to.deep.equal(row);
    expect(acme.sources).to.deep.equal(sources);
    expect(acme.sources.map((source) => source.kind)).to.deep.equal(['bob', 'crm']);
  });

  it('returns the sha-256 of the file it wrote', async () => {
    const { file, written } = await write();
    const { createHash } = await import('node:crypto');
    expect(written.fileSha256).to.equal(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  });
});
