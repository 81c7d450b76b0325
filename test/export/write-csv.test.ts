import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import Papa from 'papaparse';
import type { DataSheetKey } from '../../src/engine/model.js';
import { writeProposal } from '../../src/export/write-proposal.js';
import { metaHash, readOnlyCellHash } from '../../src/workbook/cell-hash.js';
import { restore } from '../../src/workbook/neutralise.js';
import { COLUMNS, CSV_FILES, CSV_META_FILE, SUMMARY_LABELS, isDecision } from '../../templates/columns.js';
import { aContext, aProposal } from './fixture.js';

/** A CSV line of `sheet` with `values` by column key, in the export's column order. */
function line(sheet: DataSheetKey, values: Record<string, string>, delimiter = ';'): string {
  return COLUMNS[sheet].map((column) => values[column.key] ?? '').join(delimiter);
}

describe('writeProposal (csv)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one file per sheet and meta.json into the target folder', async () => {
    const target = path.join(dir, 'proposal');
    const written = await writeProposal(aProposal(), aContext(), { format: 'csv', path: target });
    await written.commit();
    expect(fs.readdirSync(target).sort()).to.deep.equal([...Object.values(CSV_FILES), CSV_META_FILE].sort());
    const meta = JSON.parse(fs.readFileSync(path.join(target, CSV_META_FILE), 'utf8')) as { entries: Array<[string, string]> };
    expect(meta.entries).to.deep.equal(written.metaEntries);
    expect(metaHash(meta.entries)).to.equal(written.metaSha256);
    expect(new Map(meta.entries).get('csvDelimiter')).to.equal(';');
  });

  it('writes UTF-8 with BOM, `;` and CRLF, quoting only where needed, with neutralised text', async () => {
    const target = path.join(dir, 'proposal');
    await (await writeProposal(aProposal(), aContext(), { format: 'csv', path: target })).commit();
    const bytes = fs.readFileSync(path.join(target, CSV_FILES.bobToCrm));
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).to.equal(COLUMNS.bobToCrm.map((column) => column.labels.en).join(';'));
    expect(lines[1]).to.equal(
      line('bobToCrm', { rowKey: 'B2C:ACME', action: 'Update CRM', bobId: 'ACME', crmId: '43', name: 'ACME NV', vat: 'BE0403019261', postcode: '1050', city: 'Brussel', contacts: '2', matchedBy: 'VAT number', changes: 'Name: ACME SA → ACME NV' }),
    );
    expect(lines[2]).to.equal(
      line('bobToCrm', {
        rowKey: 'B2C:0042',
        action: 'Create in CRM',
        bobId: '0042',
        name: '"\'=HYPERLINK(""x"")"',
        vat: '0403019261',
        postcode: '0612',
        city: 'Brussel',
        contacts: '2',
        candidates: '44 Acme Bis (1050)',
        warning: 'Possible match by name: 44',
      }),
    );
    expect(text).to.contain(";'+32 2 123 45 67;");
    expect(text.endsWith('\r\n')).to.equal(true);
    // A line break inside a cell is LF in a quoted field; every record ends in CRLF.
    expect(text).to.contain('"45 Plus NV (BE0403019261, 1000)\n46 Plus BV (BE0403019261)"');
  });

  it('warns when codes or postcodes look like numbers or dates to Excel, and only for CSV', async () => {
    const csv = await writeProposal(aProposal(), aContext(), { format: 'csv', path: path.join(dir, 'proposal') });
    expect(csv.warnings).to.have.length(1);
    expect(csv.warnings[0]).to.match(/^\d+ code\(s\) or postcode\(s\) look like numbers or dates to Excel \(e\.g\. 0042, 0612/);
    await csv.discard();
    const xlsx = await writeProposal(aProposal(), aContext(), { format: 'xlsx', path: path.join(dir, 'p.xlsx') });
    expect(xlsx.warnings).to.deep.equal([]);
    await xlsx.discard();
  });

  it('uses the configured delimiter', async () => {
    const target = path.join(dir, 'proposal');
    await (await writeProposal(aProposal(), aContext({ csvDelimiter: '\t' }), { format: 'csv', path: target })).commit();
    const text = fs.readFileSync(path.join(target, CSV_FILES.crmToBob), 'utf8');
    expect(text.split('\r\n')[1]).to.equal(
      line('crmToBob', { rowKey: 'C2B:77', action: 'Create in BOB', crmId: '77', name: 'Beta BV', vat: 'BE0417497106', postcode: '2000', city: 'Antwerpen', persons: '1', newBobId: 'BETA' }, '\t'),
    );
  });

  it('writes the Summary with the confirmation at the cell named in meta.json', async () => {
    const target = path.join(dir, 'proposal');
    const written = await writeProposal(aProposal(), aContext({ lang: 'nl' }), { format: 'csv', path: target });
    await written.commit();
    const parsed = Papa.parse<string[]>(fs.readFileSync(path.join(target, CSV_FILES.summary), 'utf8').slice(1), { delimiter: ';' });
    const confirmRow = Number(new Map(written.metaEntries).get('confirmCell')!.slice(1));
    expect(parsed.data[confirmRow - 1]).to.deep.equal([SUMMARY_LABELS.confirm.nl, 'Nee']);
    expect(parsed.data[confirmRow]).to.deep.equal([SUMMARY_LABELS.reviewedBy.nl, '']);
  });

  it('registers per row the hash of the read-only cells as they read back (the formula guard undone)', async () => {
    const target = path.join(dir, 'proposal');
    const written = await writeProposal(aProposal(), aContext(), { format: 'csv', path: target });
    await written.commit();
    const records = new Map([...written.rows].map((record) => [record.key, record]));
    for (const key of ['bobToCrm', 'crmToBob', 'personalFields', 'mapping', 'excluded'] as DataSheetKey[]) {
      const text = fs.readFileSync(path.join(target, CSV_FILES[key]), 'utf8').slice(1);
      const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
      for (const row of parsed.data.slice(1)) {
        const texts = COLUMNS[key].flatMap((column, index) => (isDecision(column) ? [] : [restore(row[index] ?? '')]));
        const rowKey = row[COLUMNS[key].findIndex((column) => column.key === 'rowKey')]!;
        expect(records.get(rowKey)!.cellHash).to.equal(readOnlyCellHash(texts));
      }
    }
  });

  it('returns a sha-256 over the files’ sha-256s in sheet order, then meta.json', async () => {
    const target = path.join(dir, 'proposal');
    const written = await writeProposal(aProposal(), aContext(), { format: 'csv', path: target });
    await written.commit();
    const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(path.join(target, file))).digest('hex');
    const names = [...Object.values(CSV_FILES), CSV_META_FILE];
    const listing = names.map((name) => `${sha(name)}  ${name}\n`).join('');
    expect(written.fileSha256).to.equal(createHash('sha256').update(listing).digest('hex'));
  });
});
