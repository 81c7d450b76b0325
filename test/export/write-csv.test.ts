import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import Papa from 'papaparse';
import type { DataSheetKey } from '../../src/engine/model.js';
import { writeProposal } from '../../src/export/write-proposal.js';
import { metaHash, readOnlyCellHash } from '../../src/workbook/cell-hash.js';
import { COLUMNS, CSV_FILES, CSV_META_FILE, SUMMARY_LABELS, isDecision } from '../../templates/columns.js';
import { aContext, aProposal } from './fixture.js';

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
    expect(lines[1]).to.equal('B2C:ACME;Update CRM;ACME;43;ACME NV;BE0403019261;1050;Brussel;2;VAT number;Name: ACME SA → ACME NV;;;;;;');
    expect(lines[2]).to.equal('B2C:0042;Create in CRM;0042;;"\'=HYPERLINK(""x"")";0403019261;0612;Brussel;2;;;44 Acme Bis (1050);Possible match by name: 44;;;;');
    expect(text).to.contain(";'+32 2 123 45 67;");
    expect(text.endsWith('\r\n')).to.equal(true);
    // A line break inside a cell is LF in a quoted field; every record ends in CRLF.
    expect(text).to.contain('"45 Plus NV (BE0403019261, 1000)\n46 Plus BV (BE0403019261)"');
  });

  it('uses the configured delimiter', async () => {
    const target = path.join(dir, 'proposal');
    await (await writeProposal(aProposal(), aContext({ csvDelimiter: '\t' }), { format: 'csv', path: target })).commit();
    const text = fs.readFileSync(path.join(target, CSV_FILES.crmToBob), 'utf8');
    expect(text.split('\r\n')[1]).to.equal('C2B:77\tCreate in BOB\t77\t\tBeta BV\tBE0417497106\t2000\tAntwerpen\t1\t\tBETA\t\t\t');
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

  it('registers per row the hash of the read-only cells as they read back', async () => {
    const target = path.join(dir, 'proposal');
    const written = await writeProposal(aProposal(), aContext(), { format: 'csv', path: target });
    await written.commit();
    const records = new Map([...written.rows].map((record) => [record.key, record]));
    for (const key of ['bobToCrm', 'crmToBob', 'personalFields', 'mapping', 'excluded'] as DataSheetKey[]) {
      const text = fs.readFileSync(path.join(target, CSV_FILES[key]), 'utf8').slice(1);
      const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
      for (const row of parsed.data.slice(1)) {
        const texts = COLUMNS[key].flatMap((column, index) => (isDecision(column) ? [] : [row[index] ?? '']));
        expect(records.get(row[0]!)!.cellHash).to.equal(readOnlyCellHash(texts));
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
