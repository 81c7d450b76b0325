import { expect } from 'chai';
import { readOnlyCellHash, readOnlyTexts } from '../../src/workbook/cell-hash.js';
import { formatChanges, sheetModel, type DataSheet } from '../../src/workbook/sheet-model.js';
import { COLUMNS, NO, SUMMARY_LABELS, YES } from '../../templates/columns.js';
import { textsFor } from '../../templates/texts.js';
import { aB2CRow, aC2BRow, aContext, aProposal, anEmptyProposal, anExcludedRow } from '../export/fixture.js';

function valuesByKey(sheet: DataSheet, rowKey: string): Record<string, unknown> {
  for (const row of sheet.rows()) {
    if (row.key === rowKey) return Object.fromEntries(sheet.columns.map((column, index) => [column.key, row.values[index]]));
  }
  throw new Error(`no row ${rowKey}`);
}

describe('sheetModel', () => {
  it('gives every data sheet its column labels in the language as header', () => {
    const model = sheetModel(aProposal(), aContext({ lang: 'nl' }), 'xlsx');
    const b2c = model.sheets.find((sheet) => sheet.key === 'bobToCrm')!;
    expect(b2c.name).to.equal('BOB naar CRM');
    expect(b2c.header).to.deep.equal(COLUMNS.bobToCrm.map((column) => column.labels.nl));
    expect(model.sheets.map((sheet) => sheet.key)).to.deep.equal(['bobToCrm', 'crmToBob', 'personalFields', 'mapping', 'excluded']);
  });

  it('prefills the decisions: New BOB id, personal field settings, No sync of the mapping table', () => {
    const model = sheetModel(aProposal(), aContext({ lang: 'fr' }), 'xlsx');
    const [b2c, c2b, pf, map] = model.sheets;
    expect(valuesByKey(c2b!, 'C2B:77')).to.include({ newBobId: 'BETA', noSync: null, notThisTime: null });
    expect(valuesByKey(pf!, 'PF:XSECTOR')).to.include({ crmField: 'comp_sector', sel: YES.fr, condition: '=', value: 'IT' });
    expect(valuesByKey(pf!, 'PF:XREGION')).to.include({ crmField: null, sel: null, condition: null });
    expect(valuesByKey(map!, 'MAP:OLD|12')).to.include({ noSync: 'Oui' });
    expect(valuesByKey(b2c!, 'B2C:ACME')).to.include({ linkToCrmId: null, noSync: null, contacts: 2 });
  });

  it('writes a condition operator in the workbook\'s language', () => {
    const proposal = aProposal();
    proposal.personalFields[0]!.condition = 'starts with';
    for (const [lang, word] of [['nl', 'begint met'], ['fr', 'commence par'], ['en', 'starts with']] as const) {
      const pf = sheetModel(proposal, aContext({ lang }), 'xlsx').sheets[2]!;
      expect(valuesByKey(pf, 'PF:XSECTOR'), lang).to.include({ condition: word });
    }
  });

  it('proposes a CRM company whose VAT number fails its check with Not this time set and what is wrong', () => {
    const proposal = aProposal();
    proposal.crmToBob[0] = aC2BRow({ vat: 'BE0403019262', vatProblem: 'The check digits are wrong.', vatReason: 'checksum' });
    const c2b = sheetModel(proposal, aContext({ lang: 'nl' }), 'xlsx').sheets[1]!;
    expect(valuesByKey(c2b, 'C2B:77')).to.include({ notThisTime: YES.nl, warning: 'Ongeldig btw-nummer: de controlecijfers kloppen niet' });
    expect(valuesByKey(c2b, 'C2B:78')).to.include({ notThisTime: null, warning: null });
  });

  it('writes the read-only cells as text, formula-like names as they are (a text cell is never a formula)', () => {
    const model = sheetModel(aProposal(), aContext(), 'xlsx');
    const b2c = valuesByKey(model.sheets[0]!, 'B2C:0042');
    expect(b2c).to.include({ bobId: '0042', vat: '0403019261', postcode: '0612', name: '=HYPERLINK("x")' });
    expect(valuesByKey(model.sheets[1]!, 'C2B:78')).to.include({ name: '@SUM(A1)', newBobId: '-MINUS' });
  });

  it('hashes the read-only cells as they are written', () => {
    const model = sheetModel(aProposal(), aContext(), 'xlsx');
    for (const sheet of model.sheets) {
      for (const row of sheet.rows()) {
        expect(row.cellHash).to.equal(readOnlyCellHash(readOnlyTexts(sheet.columns, row.values)));
      }
    }
    const first = model.sheets[0]!.rows().next().value!;
    // Read-only columns in column order: action, code, name, warning, candidates, changes, CRM id, matched by, VAT, postcode, city, contacts, row key.
    const expected = ['Update CRM', 'ACME', 'ACME NV', '', '', 'Name: ACME SA → ACME NV', '43', 'VAT number', 'BE0403019261', '1050', 'Brussel', '2', 'B2C:ACME'];
    expect(first.cellHash).to.equal(readOnlyCellHash(expected));
  });

  it('changes the hash with a read-only cell but not with a decision cell', () => {
    const hashOf = (proposal: ReturnType<typeof aProposal>, sheet: number): string =>
      sheetModel(proposal, aContext(), 'xlsx').sheets[sheet]!.rows().next().value!.cellHash;
    const renamed = aProposal();
    renamed.bobToCrm[0] = aB2CRow({ name: 'ACME BV' });
    expect(hashOf(renamed, 0)).to.not.equal(hashOf(aProposal(), 0));
    const otherField = aProposal();
    otherField.personalFields[0] = { ...otherField.personalFields[0]!, crmField: 'comp_region', value: 'X' };
    expect(hashOf(otherField, 2)).to.equal(hashOf(aProposal(), 2));
  });

  it('explains invalid VAT numbers, choices and name matches in the Warning column', () => {
    const model = sheetModel(aProposal(), aContext(), 'xlsx');
    const choose = valuesByKey(model.sheets[0]!, 'B2C:PLUS');
    expect(choose.warning).to.match(/^Invalid VAT number: The check digits/);
    expect(choose.warning).to.contain('\nSeveral CRM companies have this VAT number');
    expect(choose.candidates).to.equal('45 Plus NV (BE0403019261, 1000)\n46 Plus BV (BE0403019261)');
    expect(valuesByKey(model.sheets[0]!, 'B2C:0042').warning).to.equal('Possible match by name: 44');
  });

  it('says what is wrong with an invalid VAT number in the language of the workbook', () => {
    const proposal = anEmptyProposal();
    proposal.bobToCrm.push(aB2CRow({ vatProblem: 'The check digits of this NL VAT number are wrong (elfproef or MOD 97-10).', vatReason: 'checksum' }));
    proposal.excluded.push(
      anExcludedRow({ key: 'EXC:C:7', side: 'crm', id: '7', reason: 'invalid-vat', detail: 'CH is not the VAT prefix of an EU country.', vatReason: 'unknown-prefix' }),
    );
    const cells = (lang: 'nl' | 'fr' | 'en'): [unknown, unknown] => {
      const model = sheetModel(proposal, aContext({ lang }), 'xlsx');
      return [valuesByKey(model.sheets[0]!, 'B2C:ACME').warning, valuesByKey(model.sheets[4]!, 'EXC:C:7').detail];
    };
    expect(cells('nl')).to.deep.equal(['Ongeldig btw-nummer: de controlecijfers kloppen niet', 'geen landcode van de EU']);
    expect(cells('fr')).to.deep.equal(['Numéro de TVA non valide: les chiffres de contrôle sont erronés', 'pas un code pays de l’UE']);
    expect(cells('en')).to.deep.equal(['Invalid VAT number: the check digits are wrong', 'not an EU country prefix']);
  });

  it('counts rows per sheet and action', () => {
    const { counts } = sheetModel(aProposal(), aContext(), 'xlsx');
    expect(counts.bobToCrm).to.deep.equal({ rows: 3, 'create-crm': 1, 'update-crm': 1, link: 0, choose: 1 });
    expect(counts.crmToBob).to.deep.equal({ rows: 2, 'create-bob': 2 });
    expect(counts.personalFields).to.deep.equal({ rows: 2, selected: 1 });
    expect(counts.mapping).to.deep.equal({ rows: 1, noSync: 1 });
    expect(counts.excluded).to.deep.equal({ rows: 2, supplier: 1, 'not-customer': 1 });
  });

  it('opens the Summary with what needs doing, then the confirmation set to No and an empty Reviewed by', () => {
    const { summary } = sheetModel(aProposal(), aContext({ lang: 'nl' }), 'xlsx');
    const confirmRow = Number(summary.confirmCell.slice(1));
    expect(summary.confirmCell).to.match(/^B\d+$/);
    expect(summary.lines[confirmRow - 1]!.cells).to.deep.equal([SUMMARY_LABELS.confirm.nl, NO.nl]);
    expect(summary.reviewedByCell).to.equal(`B${confirmRow + 1}`);
    expect(summary.lines[confirmRow]!.cells).to.deep.equal([SUMMARY_LABELS.reviewedBy.nl, null]);
    // Above it, only the title and what needs the bookkeeper.
    const above = summary.lines.slice(0, confirmRow - 1).map((line) => line.cells[0]);
    expect(above[2]).to.equal('Te doen');
    expect(above.join('\n')).to.contain('1 regel(s) wachten op uw keuze');
    expect(above.join('\n')).to.contain('2 CRM-bedrijf (bedrijven) worden in BOB aangemaakt');
    expect(confirmRow).to.be.below(12);
  });

  it('says on the Summary what a condition leaves out of the whole run, and names the time zone', () => {
    const proposal = aProposal();
    proposal.personalFields[0] = { ...proposal.personalFields[0]!, label: 'Sector', condition: 'contains', value: 'Horeca', leavesOut: 3 };
    const { summary } = sheetModel(proposal, aContext({ lang: 'nl', createdAt: '2026-12-04T08:41:54.561Z' }), 'xlsx');
    const texts = summary.lines.map((line) => line.cells.join(' '));
    expect(texts).to.include('De voorwaarde op Sector (bevat Horeca) sluit 3 van de 5 regels uit van deze hele synchronisatie, op alle bladen (zie Persoonlijke velden). ');
    expect(texts).to.include('Aangemaakt op 2026-12-04 09:41:54');
    expect(texts).to.include('Tijden Belgische tijd (Europe/Brussels)');
  });

  it('lists the meta entries the import relies on, with the delimiter for CSV only', () => {
    const xlsx = new Map(sheetModel(anEmptyProposal(), aContext({ lang: 'fr' }), 'xlsx').meta);
    expect(xlsx.get('formatVersion')).to.equal('2');
    expect(xlsx.get('proposalId')).to.equal('P-20240102-0001');
    expect(xlsx.get('lang')).to.equal('fr');
    expect(xlsx.get('sheet.mapping')).to.equal('Table de correspondance');
    expect(xlsx.get('columns.personalFields')).to.equal('bobField,label,crmField,sel,condition,value,note,rowKey');
    expect(xlsx.get('confirmCell')).to.match(/^B\d+$/);
    expect(xlsx.has('csvDelimiter')).to.equal(false);
    const csv = new Map(sheetModel(anEmptyProposal(), aContext({ csvDelimiter: '\t' }), 'csv').meta);
    expect(csv.get('csvDelimiter')).to.equal('\t');
  });

  it('produces the rows again on every pass', () => {
    const sheet = sheetModel(aProposal(), aContext(), 'xlsx').sheets[0]!;
    expect([...sheet.rows()].map((row) => row.key)).to.deep.equal([...sheet.rows()].map((row) => row.key));
    expect(sheet.rowCount).to.equal(3);
  });
});

describe('formatChanges', () => {
  it('writes one line per change with the field label in the language, empty values named', () => {
    const changes = [
      { field: 'name', from: 'ACME SA', to: 'ACME NV' },
      { field: 'phone', from: '', to: '02 123 45 67' },
      { field: 'person', from: '', to: 'Jan Peeters' },
      { field: 'pf:XSECTOR', from: 'Retail', to: 'IT' },
      { field: 'pf:XOTHER', from: 'a', to: 'b' },
    ];
    expect(formatChanges(changes, textsFor('nl'), new Map([['XSECTOR', 'Sector']]))).to.equal(
      'Naam: ACME SA → ACME NV\nTelefoon: (leeg) → 02 123 45 67\nContactpersoon: (leeg) → Jan Peeters\nSector: Retail → IT\nPersoonlijk veld XOTHER: a → b',
    );
  });
});
