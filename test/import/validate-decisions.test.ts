import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Proposal } from '../../src/engine/model.js';
import { BobsyncError } from '../../src/errors.js';
import type { Finding } from '../../src/import/finding.js';
import { readWorkbook } from '../../src/import/read-workbook.js';
import { validateDecisions, type ValidationContext, type ValidationResult } from '../../src/import/validate-decisions.js';
import { metaHash } from '../../src/workbook/cell-hash.js';
import { columnLetter } from '../../src/workbook/cell-address.js';
import { asWindows1252 } from '../../src/workbook/cell-value.js';
import { metaValue } from '../../src/workbook/raw-workbook.js';
import { CSV_META_FILE } from '../../templates/columns.js';
import {
  aB2CRow,
  aC2BRow,
  aContext,
  aPersonalFieldRow,
  aProposal,
  cellAt,
  columnOf,
  editXlsx,
  exportProposal,
  readCsvRows,
  setCells,
  sheetOf,
  writeCsvRows,
  type Exported,
} from './fixtures.js';

/** Bytes of `text` in Windows-1252, `?` for what it has no code for (as Excel saves a CSV). */
function windows1252(text: string): Buffer {
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
  return Buffer.from(
    [...asWindows1252(text)].map((ch) => {
      const code = ch.charCodeAt(0);
      return code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : high.indexOf(ch) >= 0 ? 0x80 + high.indexOf(ch) : 0x3f;
    }),
  );
}

async function validate(e: Exported, context: Partial<ValidationContext> = {}): Promise<ValidationResult> {
  return validateDecisions(await readWorkbook(e.path), e.registered, aContext(context));
}

const where = (findings: Finding[]) => findings.map((f) => [f.code, f.cell]);

async function badInput(promise: Promise<unknown>): Promise<BobsyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BobsyncError);
    expect((error as BobsyncError).code).to.equal('bad-input');
    return error as BobsyncError;
  }
  throw new Error('expected a bad-input error');
}

/** A proposal of `n` Create in CRM rows F1…Fn (rows 2…n+1 of BOB to CRM) and nothing else. */
function manyB2C(n: number, overrides: (i: number) => Partial<Proposal['bobToCrm'][number]> = () => ({})): Proposal {
  return aProposal({
    bobToCrm: Array.from({ length: n }, (_, i) => aB2CRow({ bobId: `F${i + 1}`, ...overrides(i) })),
    crmToBob: [],
    personalFields: [],
    mapping: [],
    excluded: [],
  });
}

describe('validateDecisions', () => {
  const exported: Exported[] = [];
  const exportOne = async (options: Parameters<typeof exportProposal>[0] = {}): Promise<Exported> => {
    const e = await exportProposal(options);
    exported.push(e);
    return e;
  };
  afterEach(() => {
    for (const e of exported.splice(0)) e.cleanup();
  });

  describe('an untouched export', () => {
    for (const [format, lang] of [
      ['xlsx', 'en'],
      ['xlsx', 'nl'],
      ['csv', 'fr'],
    ] as const) {
      it(`reads a ${format} (${lang}) without findings, with the prefilled decisions`, async () => {
        const e = await exportOne({ format, lang });
        const result = await validate(e);
        expect(result.findings).to.deep.equal([]);
        expect(result.deletedRows).to.deep.equal([]);
        expect(result.needsChoice).to.deep.equal(['B2C:0042']);
        expect(result.counts).to.deep.include({ rows: 9, decisions: 8, deleted: 0, needsChoice: 1, findings: 0 });
        const { rows } = result.decisions;
        expect(result.decisions).to.include({ proposalId: 'P-0001', confirmed: false, reviewedBy: '' });
        expect(rows.get('C2B:98')).to.include({ newBobId: '0123', noSync: false, notThisTime: false });
        expect(rows.get('PF:XSECTOR')).to.include({ crmField: 'comp_sector', sel: true, condition: '' });
        // Exported as '-5 (neutralised), read back as it was.
        expect(rows.get('PF:XSIZE')).to.include({ crmField: '', sel: false, condition: '>', value: '-5' });
        expect(rows.get('B2C:ACME')).to.include({ sheet: 'bobToCrm', linkToCrmId: '', noSync: false });
        expect(rows.has('EXC:B:SUP')).to.equal(false);
      });
    }
  });

  describe('flags', () => {
    const spellings: Array<[string, ExcelJS.CellValue, boolean | 'invalid']> = [
      ['Yes', 'Yes', true],
      ['yes', 'yes', true],
      ['JA', 'JA', true],
      ['Oui', 'Oui', true],
      ['x', 'x', true],
      ['X', 'X', true],
      ['1 (text)', '1', true],
      ['1 (number)', 1, true],
      ['true', 'true', true],
      ['TRUE (boolean)', true, true],
      ['Waar', 'Waar', true],
      ['vrai', 'vrai', true],
      [' ja  (spaces)', ' ja ', true],
      ['blank', null, false],
      ['No', 'No', false],
      ['Nee', 'Nee', false],
      ['non', 'non', false],
      ['0 (number)', 0, false],
      ['false', 'false', false],
      ['FALSE (boolean)', false, false],
      ['maybe', 'maybe', 'invalid'],
      ['2 (number)', 2, 'invalid'],
      ['yes please', 'yes please', 'invalid'],
    ];

    it('reads every accepted spelling of a flag and reports any other value in its cell', async () => {
      const e = await exportOne({ proposal: manyB2C(spellings.length) });
      await setCells(
        e.path,
        spellings.map(([, value], i) => ['bobToCrm', `B2C:F${i + 1}`, 'noSync', value]),
      );
      const result = await validate(e);
      spellings.forEach(([what, , expected], i) => {
        const key = `B2C:F${i + 1}`;
        const finding = result.findings.find((f) => f.rowKey === key);
        if (expected === 'invalid') {
          expect(finding, what).to.include({ code: 'invalid-flag', cell: `'BOB to CRM'!E${i + 2}`, column: 'E', row: i + 2, sheet: 'BOB to CRM' });
          expect(finding!.message).to.contain('write Yes');
        } else {
          expect(finding, what).to.equal(undefined);
          expect(result.decisions.rows.get(key)!.noSync, what).to.equal(expected);
        }
      });
    });

    it('reports No sync and Not this time set on one row at the Not this time cell', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['bobToCrm', 'B2C:ACME', 'noSync', 'Yes'],
        ['bobToCrm', 'B2C:ACME', 'notThisTime', 'x'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['conflicting-flags', "'BOB to CRM'!F2"]]);
      expect(result.findings[0]!.rowKey).to.equal('B2C:ACME');
    });

    it('reads a flag on the Mapping table and Sel on Personal fields', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['mapping', 'MAP:OLD|7', 'noSync', 'ja'],
        ['personalFields', 'PF:XSECTOR', 'sel', null],
        ['personalFields', 'PF:XSIZE', 'sel', 'perhaps'],
      ]);
      const result = await validate(e);
      expect(result.decisions.rows.get('MAP:OLD|7')!.noSync).to.equal(true);
      expect(result.decisions.rows.get('PF:XSECTOR')!.sel).to.equal(false);
      expect(where(result.findings)).to.deep.equal([['invalid-flag', "'Personal fields'!D3"]]);
    });
  });

  describe('Link to CRM id', () => {
    // One Choose row per case, each with its own candidates `<i>43` and `<i>57`.
    const cases: Array<[string, (i: number) => ExcelJS.CellValue, (i: number) => string]> = [
      ['a candidate id', (i) => `${i}43`, (i) => `${i}43`],
      ['a candidate id typed as a number', (i) => Number(`${i}57`), (i) => `${i}57`],
      ['a candidate id with spaces', (i) => ` ${i}43 `, (i) => `${i}43`],
      ['a whole candidate line pasted', (i) => `${i}57 Dubbel B (BE0202239951, 1000)`, (i) => `${i}57`],
      ['NEW', () => 'NEW', () => 'new'],
      ['Nieuw', () => 'Nieuw', () => 'new'],
      ['nouveau', () => 'nouveau', () => 'new'],
    ];

    it('accepts a candidate of the row or new, in every accepted spelling', async () => {
      const proposal = manyB2C(cases.length, (i) => ({
        action: 'choose',
        candidates: [
          { crmId: `${i}43`, name: 'Dubbel A', vat: 'BE0202239951', postcode: '', reason: 'vat' },
          { crmId: `${i}57`, name: 'Dubbel B', vat: 'BE0202239951', postcode: '1000', reason: 'vat' },
        ],
      }));
      const e = await exportOne({ proposal });
      await setCells(
        e.path,
        cases.map(([, value], i) => ['bobToCrm', `B2C:F${i + 1}`, 'linkToCrmId', value(i)]),
      );
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.needsChoice).to.deep.equal([]);
      cases.forEach(([what, , expected], i) => {
        expect(result.decisions.rows.get(`B2C:F${i + 1}`)!.linkToCrmId, what).to.equal(expected(i));
      });
    });

    it('reports an id that is not a candidate of the row, naming the candidates', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['bobToCrm', 'B2C:0042', 'linkToCrmId', '99'],
        ['bobToCrm', 'B2C:ACME', 'linkToCrmId', '43'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['unknown-candidate', "'BOB to CRM'!D2"],
        ['unknown-candidate', "'BOB to CRM'!D3"],
      ]);
      expect(result.findings[0]!.message).to.contain('no candidates');
      expect(result.findings[1]!.message).to.contain('43, 57, or new');
      expect(result.decisions.rows.get('B2C:0042')!.linkToCrmId).to.equal('');
    });

    it('skips a Choose row without a choice (proposed again) unless a flag is set', async () => {
      const e = await exportOne();
      await setCells(e.path, [['bobToCrm', 'B2C:0042', 'notThisTime', 'Yes']]);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.needsChoice).to.deep.equal([]);
    });

    it('reports one CRM company linked twice in the file, at the second link', async () => {
      const candidates = [{ crmId: '43', name: 'Dubbel A', vat: 'BE0202239951', postcode: '', reason: 'vat' as const }];
      const e = await exportOne({ proposal: manyB2C(2, () => ({ action: 'choose', candidates })) });
      await setCells(e.path, [
        ['bobToCrm', 'B2C:F1', 'linkToCrmId', '43'],
        ['bobToCrm', 'B2C:F2', 'linkToCrmId', '43'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['crm-id-linked-twice', "'BOB to CRM'!D3"]]);
      expect(result.findings[0]!.message).to.contain("'BOB to CRM'!D2");
    });

    it('reports a choice of the CRM company that a VAT-matched row already links', async () => {
      const proposal = aProposal();
      proposal.bobToCrm[1]!.candidates.push({ crmId: '61', name: 'Link Me', vat: '', postcode: '', reason: 'name' });
      const e = await exportOne({ proposal });
      await setCells(e.path, [['bobToCrm', 'B2C:0042', 'linkToCrmId', '61']]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['crm-id-linked-twice', "'BOB to CRM'!D3"]]);
      expect(result.findings[0]!.message).to.contain("'BOB to CRM'!K4");
    });

    it('reports a link to a CRM id already linked in the mapping table', async () => {
      const proposal = aProposal();
      proposal.bobToCrm[1]!.candidates.push({ crmId: '7', name: 'Old', vat: '', postcode: '', reason: 'name' });
      const e = await exportOne({ proposal });
      await setCells(e.path, [['bobToCrm', 'B2C:0042', 'linkToCrmId', '7']]);
      const result = await validate(e, { linkedCrmIds: new Set(['7']) });
      expect(where(result.findings)).to.deep.equal([['crm-id-already-linked', "'BOB to CRM'!D3"]]);
    });
  });

  describe('New BOB id', () => {
    it('reads a code whose leading zero Excel dropped as the registered code', async () => {
      const e = await exportOne();
      await setCells(e.path, [['crmToBob', 'C2B:98', 'newBobId', 123]]);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('C2B:98')!.newBobId).to.equal('0123');
    });

    it('upper-cases and trims a typed code', async () => {
      const e = await exportOne();
      await setCells(e.path, [['crmToBob', 'C2B:99', 'newBobId', ' zeta-2 ']]);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('C2B:99')!.newBobId).to.equal('ZETA-2');
    });

    it('reports an invalid code, a code in use in BOB and a code used twice', async () => {
      const proposal = aProposal({
        crmToBob: [1, 2, 3, 4].map((i) => aC2BRow({ crmId: String(i), newBobId: `NEW${i}` })),
      });
      const e = await exportOne({ proposal });
      await setCells(e.path, [
        ['crmToBob', 'C2B:1', 'newBobId', 'TOO LONG CODE'],
        ['crmToBob', 'C2B:2', 'newBobId', 'inuse'],
        ['crmToBob', 'C2B:3', 'newBobId', 'SAME'],
        ['crmToBob', 'C2B:4', 'newBobId', 'same'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['invalid-bob-id', "'CRM to BOB'!D2"],
        ['bob-id-in-use', "'CRM to BOB'!D3"],
        ['bob-id-used-twice', "'CRM to BOB'!D5"],
      ]);
      expect(result.findings[0]!.message).to.contain('1 to 10 capital letters');
      expect(result.findings[2]!.message).to.contain("'CRM to BOB'!D4");
    });

    it('reports an empty code, unless the row is not created in this run', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['crmToBob', 'C2B:99', 'newBobId', null],
        ['crmToBob', 'C2B:98', 'newBobId', null],
        ['crmToBob', 'C2B:98', 'notThisTime', 'Yes'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['missing-bob-id', "'CRM to BOB'!D2"]]);
    });

    it('checks codes against the configured pattern', async () => {
      const e = await exportOne();
      const result = await validate(e, { bobIdPattern: /^[A-Z]{4}$/ });
      expect(where(result.findings)).to.deep.equal([['invalid-bob-id', "'CRM to BOB'!D3"]]);
      expect(result.findings[0]!.message).to.contain('^[A-Z]{4}$');
    });
  });

  describe('Personal fields', () => {
    const aliases: Array<[string, string]> = [
      ['!=', '≠'],
      ['<>', '≠'],
      ['≠', '≠'],
      ['bevat', 'contains'],
      ['Commence par', 'starts with'],
      ['NOT EMPTY', 'not empty'],
      ['leeg', 'empty'],
      ['<', '<'],
    ];

    it('reads every accepted spelling of a condition', async () => {
      const proposal = aProposal({
        personalFields: aliases.map((_, i) => aPersonalFieldRow({ column: `X${i}`, crmField: '', selected: false })),
      });
      const e = await exportOne({ proposal });
      await setCells(
        e.path,
        aliases.flatMap(([spelling], i): Array<['personalFields', string, string, ExcelJS.CellValue]> => [
          ['personalFields', `PF:X${i}`, 'condition', spelling],
          ['personalFields', `PF:X${i}`, 'value', 5],
        ]),
      );
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      aliases.forEach(([spelling, operator], i) => {
        expect(result.decisions.rows.get(`PF:X${i}`), spelling).to.include({ condition: operator, value: '5' });
      });
    });

    it('reports an unknown condition, a missing value, an unknown CRM field and Sel without a field', async () => {
      const proposal = aProposal({
        personalFields: [0, 1, 2, 3, 4].map((i) => aPersonalFieldRow({ column: `X${i}`, crmField: '', selected: false })),
      });
      const e = await exportOne({ proposal });
      await setCells(e.path, [
        ['personalFields', 'PF:X0', 'condition', 'between'],
        ['personalFields', 'PF:X1', 'condition', '='],
        ['personalFields', 'PF:X2', 'crmField', 'comp_nothing'],
        ['personalFields', 'PF:X3', 'sel', 'Yes'],
        ['personalFields', 'PF:X4', 'condition', 'not empty'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['invalid-condition', "'Personal fields'!E2"],
        ['missing-value', "'Personal fields'!F3"],
        ['unknown-crm-field', "'Personal fields'!C4"],
        ['missing-crm-field', "'Personal fields'!C5"],
      ]);
      expect(result.decisions.rows.get('PF:X4')).to.include({ condition: 'not empty', value: '' });
    });

    it('matches CRM field names without case and reports a field selected twice', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['personalFields', 'PF:XSIZE', 'crmField', 'COMP_SECTOR'],
        ['personalFields', 'PF:XSIZE', 'sel', 'Yes'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['crm-field-used-twice', "'Personal fields'!C3"]]);
      expect(result.decisions.rows.get('PF:XSIZE')!.crmField).to.equal('comp_sector');
    });
  });

  describe('cell values', () => {
    it('reports a formula or an error in a decision cell and reads it as blank', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['bobToCrm', 'B2C:ACME', 'noSync', { formula: 'IF(1=1,"Yes","")', result: 'Yes' }],
        ['bobToCrm', 'B2C:0042', 'linkToCrmId', { error: '#N/A' }],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['formula', "'BOB to CRM'!E2"],
        ['cell-error', "'BOB to CRM'!D3"],
      ]);
      expect(result.findings[0]!.message).to.contain('IF(1=1,"Yes","")');
      expect(result.decisions.rows.get('B2C:ACME')!.noSync).to.equal(false);
    });

    it('reads rich text in a decision and accepts rich text in a read-only cell with the same text', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['bobToCrm', 'B2C:ACME', 'note', { richText: [{ text: 'call ', font: { bold: true } }, { text: 'first' }] }],
        ['bobToCrm', 'B2C:ACME', 'name', { richText: [{ text: 'Acme', font: { color: { argb: 'FFFF0000' } } }, { text: ' NV' }] }],
        ['bobToCrm', 'B2C:ACME', 'noSync', { richText: [{ text: 'Y' }, { text: 'es' }] }],
      ]);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('B2C:ACME')).to.include({ note: 'call first', noSync: true });
    });

    it('reads formula-like text in xlsx as the text it is, in read-only cells and decisions', async () => {
      const proposal = aProposal();
      proposal.bobToCrm[0]!.name = '=HYPERLINK("x")';
      const e = await exportOne({ proposal });
      // What Excel stores when the bookkeeper types '+32 2 123 45 67 (the apostrophe is not part of the value).
      await setCells(e.path, [['bobToCrm', 'B2C:ACME', 'note', '+32 2 123 45 67']]);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('B2C:ACME')!.note).to.equal('+32 2 123 45 67');
    });

    it('restores text the CSV export neutralised, in read-only cells and decisions', async () => {
      const proposal = aProposal();
      proposal.bobToCrm[0]!.name = '=HYPERLINK("x")';
      const e = await exportOne({ proposal, format: 'csv' });
      const rows = readCsvRows(e.path, 'bobToCrm');
      const note = columnOf('bobToCrm', 'note') - 1;
      const key = columnOf('bobToCrm', 'rowKey') - 1;
      expect(rows.find((row) => row[key] === 'B2C:ACME')![columnOf('bobToCrm', 'name') - 1]).to.equal('\'=HYPERLINK("x")');
      rows.find((row) => row[key] === 'B2C:ACME')![note] = "'+32 2 123 45 67";
      writeCsvRows(e.path, 'bobToCrm', rows);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('B2C:ACME')!.note).to.equal('+32 2 123 45 67');
    });
  });

  describe('integrity', () => {
    it('maps rows by key after sorting', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        cellAt(workbook, 'bobToCrm', 'B2C:ACME', 'noSync').value = 'Yes';
        const sheet = sheetOf(workbook, 'bobToCrm');
        const values = [2, 3, 4].map((r) => sheet.getRow(r).values as ExcelJS.CellValue[]);
        [4, 3, 2].forEach((r, i) => {
          sheet.getRow(r).values = values[i]!;
        });
      });
      const workbook = await readWorkbook(e.path);
      expect(workbook.sheets[1]!.rows[1]!.cells[columnOf('bobToCrm', 'rowKey') - 1]).to.equal('B2C:LINKME');
      const result = validateDecisions(workbook, e.registered, aContext());
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('B2C:ACME')!.noSync).to.equal(true);
      expect(result.decisions.rows.get('B2C:LINKME')!.noSync).to.equal(false);
    });

    it('skips and reports a deleted row without a finding', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        sheetOf(workbook, 'bobToCrm').spliceRows(3, 1);
      });
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.deletedRows).to.deep.equal(['B2C:0042']);
      expect(result.decisions.rows.has('B2C:0042')).to.equal(false);
      expect(result.needsChoice).to.deep.equal([]);
      expect(result.counts.deleted).to.equal(1);
    });

    it('reports duplicated, unknown, misplaced and added rows', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        const sheet = sheetOf(workbook, 'bobToCrm');
        sheet.getRow(5).values = sheet.getRow(2).values as ExcelJS.CellValue[];
        const key = columnOf('bobToCrm', 'rowKey');
        sheet.getRow(6).getCell(key).value = 'B2C:NOPE';
        sheet.getRow(6).getCell(1).value = 'Create in CRM';
        sheet.getRow(7).getCell(key).value = 'C2B:99';
        sheet.getRow(7).getCell(1).value = 'Create in BOB';
        sheet.getRow(8).getCell(columnOf('bobToCrm', 'name')).value = 'A new company';
      });
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['duplicate-row', "'BOB to CRM'!5:5"],
        ['unknown-row', "'BOB to CRM'!6:6"],
        ['unknown-row', "'BOB to CRM'!7:7"],
        ['added-row', "'BOB to CRM'!8:8"],
      ]);
      expect(result.findings[0]!.message).to.contain('first on row 2');
      expect(result.findings[2]!.message).to.contain('CRM to BOB');
    });

    it('reports a changed read-only cell, naming the cell and both values', async () => {
      const e = await exportOne();
      await setCells(e.path, [
        ['bobToCrm', 'B2C:ACME', 'name', 'Acme Holding NV'],
        ['bobToCrm', 'B2C:0042', 'contacts', 3],
        ['excluded', 'EXC:B:SUP', 'reason', 'no reason'],
      ]);
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([
        ['changed-cell', "'BOB to CRM'!C2"],
        ['changed-cell', "'BOB to CRM'!P3"],
        ['changed-cell', 'Excluded!D2'],
      ]);
      expect(result.findings[0]!.message).to.contain('"Acme NV" to "Acme Holding NV"');
    });

    it('reports the whole row when the changed cell cannot be told', async () => {
      const e = await exportOne();
      await setCells(e.path, [['mapping', 'MAP:OLD|7', 'name', 'Renamed']]);
      e.registered.rows.get('MAP:OLD|7')!.payload = '{"broken": true}';
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['changed-cell', "'Mapping table'!2:2"]]);
    });

    it('forgives leading zeros Excel dropped from read-only codes in a re-saved CSV', async () => {
      const e = await exportOne({ format: 'csv' });
      const rows = readCsvRows(e.path, 'bobToCrm');
      const row = rows.find((r) => r[columnOf('bobToCrm', 'rowKey') - 1] === 'B2C:0042')!;
      expect(row[columnOf('bobToCrm', 'bobId') - 1]).to.equal('0042');
      row[columnOf('bobToCrm', 'bobId') - 1] = '42';
      row[columnOf('bobToCrm', 'postcode') - 1] = '123';
      writeCsvRows(e.path, 'bobToCrm', rows);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.notes.join('\n')).to.contain('2 read-only cell(s) came back as Excel re-saves them');
    });

    it('forgives a code Excel showed in scientific notation in a re-saved CSV, but not another number', async () => {
      const proposal = aProposal();
      proposal.bobToCrm[0]!.bobId = '1E5';
      proposal.bobToCrm[1]!.bobId = '100000000000';
      const e = await exportOne({ proposal, format: 'csv' });
      const rows = readCsvRows(e.path, 'bobToCrm');
      const key = columnOf('bobToCrm', 'rowKey') - 1;
      const bobId = columnOf('bobToCrm', 'bobId') - 1;
      rows.find((r) => r[key] === 'B2C:ACME')![bobId] = '1.00E+05';
      rows.find((r) => r[key] === 'B2C:0042')![bobId] = '1E+11';
      writeCsvRows(e.path, 'bobToCrm', rows);
      expect((await validate(e)).findings).to.deep.equal([]);
      rows.find((r) => r[key] === 'B2C:0042')![bobId] = '2E+11';
      writeCsvRows(e.path, 'bobToCrm', rows);
      expect(where((await validate(e)).findings)).to.deep.equal([['changed-cell', `'bob-to-crm.csv'!${columnLetter(bobId)}3`]]);
    });

    it('forgives characters a CSV saved as Windows-1252 could not keep (the tool\'s own arrows), nothing else', async () => {
      const e = await exportOne({ format: 'csv', lang: 'fr' });
      const file = path.join(e.path, 'bob-to-crm.csv');
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      expect(text).to.contain('→');
      // What Excel's "CSV (séparateur : point-virgule)" writes: no BOM, Windows-1252, `?` for what it lacks.
      fs.writeFileSync(file, windows1252(text));
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.notes.join('\n')).to.match(/read as Windows-1252/);
      fs.writeFileSync(file, windows1252(text.replace('Créer', 'Crier')));
      expect((await validate(e)).findings.map((f) => f.code)).to.include('changed-cell');
    });

    it('reads a CSV folder re-saved with commas, tabs, a BOM and reordered columns', async () => {
      const e = await exportOne({ format: 'csv', lang: 'nl' });
      const bobToCrm = readCsvRows(e.path, 'bobToCrm');
      for (const row of bobToCrm) row.unshift(row.pop()!); // Row key first
      bobToCrm.find((r) => r[0] === 'B2C:ACME')![columnOf('bobToCrm', 'noSync')] = 'Ja'; // Geen sync., one column further right
      writeCsvRows(e.path, 'bobToCrm', bobToCrm, ',');
      writeCsvRows(e.path, 'crmToBob', readCsvRows(e.path, 'crmToBob'), '\t');
      writeCsvRows(e.path, 'mapping', readCsvRows(e.path, 'mapping'), ',', false);
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions.rows.get('B2C:ACME')!.noSync).to.equal(true);
    });

    it('reports a missing column and a missing sheet of a CSV folder', async () => {
      const e = await exportOne({ format: 'csv' });
      writeCsvRows(
        e.path,
        'mapping',
        readCsvRows(e.path, 'mapping').map((r) => r.slice(0, -1)),
      );
      fs.rmSync(path.join(e.path, 'excluded.csv'));
      const result = await validate(e);
      expect(result.findings.map((f) => [f.code, f.sheet, f.cell])).to.deep.equal([
        ['missing-sheet', 'excluded.csv', ''],
        ['missing-column', 'mapping-table.csv', "'mapping-table.csv'!1:1"],
      ]);
      expect(result.deletedRows).to.deep.equal([]);
    });
  });

  describe('_meta', () => {
    it('refuses a workbook whose _meta sheet was deleted', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => workbook.removeWorksheet(workbook.getWorksheet('_meta')!.id));
      const error = await badInput(validate(e));
      expect(error.message).to.contain('has no _meta sheet');
      expect(error.message).to.contain(e.path);
      expect(error.hint).to.contain('Export the proposal again');
    });

    it('refuses a workbook whose _meta sheet was altered', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        workbook.getWorksheet('_meta')!.getCell('B3').value = 'fr';
      });
      const error = await badInput(validate(e));
      expect(error.message).to.contain('was altered');
    });

    it('refuses a workbook written in an earlier format, as registered, with what to do', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        workbook.getWorksheet('_meta')!.getCell('B1').value = '1';
      });
      // As an earlier version registered it: its _meta is not altered, it is older.
      const read = await readWorkbook(e.path);
      e.registered.proposal.metaSha256 = metaHash(read.meta!.entries);
      const error = await badInput(validate(e));
      expect(error.message).to.contain('another version of bobsync (workbook format 1');
      expect(error.hint).to.contain('Export the proposal again');
    });

    it('refuses a CSV folder whose meta.json was altered', async () => {
      const e = await exportOne({ format: 'csv' });
      const file = path.join(e.path, CSV_META_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"B', '"C'));
      await badInput(validate(e));
    });

    it('refuses a workbook of a proposal that is not registered', async () => {
      const e = await exportOne();
      const workbook = await readWorkbook(e.path);
      const other = { ...e.registered, proposal: { ...e.registered.proposal, id: 'P-9999' } };
      const error = await badInput(Promise.resolve().then(() => validateDecisions(workbook, other, aContext())));
      expect(error.message).to.contain('P-0001');
    });

    it('accepts a _meta sheet that is hidden instead of very hidden', async () => {
      const e = await exportOne();
      await editXlsx(e.path, (workbook) => {
        workbook.getWorksheet('_meta')!.state = 'hidden';
      });
      expect((await validate(e)).findings).to.deep.equal([]);
    });
  });

  describe('Summary', () => {
    it('reads the confirmation as a flag and Reviewed by as text', async () => {
      const e = await exportOne();
      const workbook = await readWorkbook(e.path);
      const confirmCell = metaValue(workbook, 'confirmCell')!;
      const reviewedByCell = metaValue(workbook, 'reviewedByCell')!;
      await editXlsx(e.path, (w) => {
        sheetOf(w, 'summary').getCell(confirmCell).value = 'ja';
        sheetOf(w, 'summary').getCell(reviewedByCell).value = ' An Peeters ';
      });
      const result = await validate(e);
      expect(result.findings).to.deep.equal([]);
      expect(result.decisions).to.include({ confirmed: true, reviewedBy: 'An Peeters' });
    });

    it('reports a confirmation that is not a yes or no word', async () => {
      const e = await exportOne();
      const confirmCell = metaValue(await readWorkbook(e.path), 'confirmCell')!;
      await editXlsx(e.path, (w) => {
        sheetOf(w, 'summary').getCell(confirmCell).value = 'Perhaps';
      });
      const result = await validate(e);
      expect(where(result.findings)).to.deep.equal([['invalid-flag', `Summary!${confirmCell}`]]);
      expect(result.decisions.confirmed).to.equal(false);
    });

    it('finds the confirmation by its label when the Summary rows moved', async () => {
      const e = await exportOne({ format: 'csv', lang: 'fr' });
      const rows = readCsvRows(e.path, 'summary');
      const confirm = rows.findIndex((r) => r[0] === 'Les données de synchronisation sont correctes');
      rows[confirm]![1] = 'Oui';
      rows.splice(1, 0, ['an extra line'], ['and another']);
      writeCsvRows(e.path, 'summary', rows);
      const result = await validate(e);
      expect(result.decisions.confirmed).to.equal(true);
    });
  });
});
