import { expect } from 'chai';
import { locateColumns, normaliseLabel } from '../../src/import/locate-columns.js';
import type { RawWorkbook } from '../../src/workbook/raw-workbook.js';
import { COLUMNS, DATA_SHEETS, SHEET_NAMES } from '../../templates/columns.js';

function aWorkbook(sheets: RawWorkbook['sheets'], entries: Array<[string, string]> = []): RawWorkbook {
  return { format: 'xlsx', path: 'x.xlsx', fileSha256: '', meta: { entries, state: 'veryHidden' }, sheets };
}

const header = (labels: string[]) => ({ number: 1, cells: labels });

describe('locateColumns', () => {
  it('never gives two columns of one sheet the same label in any language', () => {
    for (const sheet of DATA_SHEETS) {
      const owners = new Map<string, string>();
      for (const column of COLUMNS[sheet]) {
        for (const label of Object.values(column.labels)) {
          const owner = owners.get(normaliseLabel(label));
          expect(owner === undefined || owner === column.key, `${sheet}: "${label}" of ${column.key} and ${owner}`).to.equal(true);
          owners.set(normaliseLabel(label), column.key);
        }
      }
    }
  });

  it('finds sheets by name in any language and columns by label, also reordered', () => {
    const labels = COLUMNS.mapping.map((c) => c.labels.fr).reverse();
    const located = locateColumns(aWorkbook([{ name: SHEET_NAMES.mapping.fr, state: 'visible', rows: [header(labels), { number: 2, cells: ['x'] }] }]));
    const sheet = located.sheets.get('mapping')!;
    expect(sheet.missing).to.deep.equal([]);
    expect(sheet.columns.get('rowKey')).to.equal(labels.length - 1);
    expect(sheet.columns.get('note')).to.equal(0);
    expect(sheet.dataRows).to.have.length(1);
    expect(located.findings).to.deep.equal([]);
  });

  it('finds a sheet renamed in _meta and a CSV file by its file name', () => {
    const labels = COLUMNS.excluded.map((c) => c.labels.en);
    const located = locateColumns(
      aWorkbook(
        [
          { name: 'Weird name', state: 'visible', rows: [header(labels)] },
          { name: 'mapping-table.csv', state: 'visible', rows: [header(COLUMNS.mapping.map((c) => c.labels.nl))] },
        ],
        [['sheet.excluded', 'Weird name']],
      ),
    );
    expect(located.sheets.get('excluded')?.sheet.name).to.equal('Weird name');
    expect(located.sheets.get('mapping')?.sheet.name).to.equal('mapping-table.csv');
  });

  it('accepts labels with other spacing, case and apostrophes', () => {
    const labels = COLUMNS.bobToCrm.map((c) => c.labels.fr.toUpperCase().replace('’', "'"));
    const located = locateColumns(aWorkbook([{ name: SHEET_NAMES.bobToCrm.en, state: 'visible', rows: [header(labels)] }]));
    expect(located.sheets.get('bobToCrm')!.missing).to.deep.equal([]);
  });

  it('reports a missing and a repeated column, and notes an unknown one', () => {
    const labels = COLUMNS.crmToBob.map((c) => c.labels.en).filter((l) => l !== 'New BOB id');
    labels.push('Row key', 'My own column');
    const located = locateColumns(aWorkbook([{ name: 'CRM to BOB', state: 'visible', rows: [header(labels)] }]));
    expect(located.findings.map((f) => [f.code, f.cell])).to.deep.equal([
      ['duplicate-column', "'CRM to BOB'!N1"],
      ['missing-column', "'CRM to BOB'!1:1"],
    ]);
    expect(located.findings[1]!.message).to.contain('New BOB id');
    expect(located.sheets.get('crmToBob')!.missing).to.deep.equal(['newBobId']);
    expect(located.notes.join('\n')).to.contain('My own column');
  });

  it('takes a retyped header as the column exported at that position', () => {
    const labels = COLUMNS.mapping.map((c) => c.labels.en);
    labels[6] = 'Nosync!!';
    const located = locateColumns(
      aWorkbook([{ name: 'Mapping table', state: 'visible', rows: [header(labels)] }], [['columns.mapping', COLUMNS.mapping.map((c) => c.key).join(',')]]),
    );
    expect(located.sheets.get('mapping')!.columns.get('noSync')).to.equal(6);
    expect(located.findings).to.deep.equal([]);
  });

  it('notes a sheet that is not part of the workbook', () => {
    const located = locateColumns(aWorkbook([{ name: 'Sheet1', state: 'visible', rows: [] }]));
    expect(located.notes[0]).to.contain('Sheet1');
    expect(located.sheets.size).to.equal(0);
  });
});
