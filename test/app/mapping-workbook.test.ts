import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { exportMapping, importMapping } from '../../src/app/mapping-workbook.js';
import { createWorld, openWorldBob, withState, type World } from '../apply/world.js';
import { columnOf } from '../import/fixtures.js';
import { aMappingEntry } from '../engine/builders.js';

const ENTRIES = [
  aMappingEntry({ bobId: 'LINKED', crmId: '10', noSync: false }),
  aMappingEntry({ bobId: 'PAIR', crmId: '11', noSync: true }),
  aMappingEntry({ bobId: 'ALONE', crmId: '', noSync: true, linkedAt: '' }),
  aMappingEntry({ bobId: '', crmId: '30', noSync: true, linkedAt: '' }),
];

/** Sets the No sync cell of the row whose BOB id and CRM id are given. */
async function setNoSync(file: string, edits: Array<[string, string, string | null]>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Mapping table')!;
  for (const [bobId, crmId, value] of edits) {
    let found = false;
    sheet.eachRow((row, number) => {
      if (number > 1 && (row.getCell(columnOf('mapping', 'bobId')).value ?? '') === bobId && (row.getCell(columnOf('mapping', 'crmId')).value ?? '') === crmId) {
        row.getCell(columnOf('mapping', 'noSync')).value = value;
        found = true;
      }
    });
    if (!found) throw new Error(`no row ${bobId}|${crmId}`);
  }
  await workbook.xlsx.writeFile(file);
}

describe('exportMapping and importMapping', () => {
  let world: World;
  let file: string;
  beforeEach(async () => {
    world = await createWorld({ parties: [], companies: [], mapping: ENTRIES });
    file = `${world.dir}/mapping.xlsx`;
  });
  afterEach(() => world.cleanup());
  const deps = () => ({ config: world.config, env: {}, now: () => new Date('2025-03-02T08:00:00Z'), openBob: () => openWorldBob(world) });

  it('writes one row per entry with its No sync flag', async () => {
    const report = await exportMapping({ out: file, lang: 'en', names: new Map([['LINKED|10', 'Linked NV']]) }, deps());
    expect(report).to.deep.include({ entries: 4, noSync: 3 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rows: unknown[][] = [];
    const columns = (['rowKey', 'bobId', 'crmId', 'name', 'noSync'] as const).map((key) => columnOf('mapping', key));
    workbook.getWorksheet('Mapping table')!.eachRow((row) => rows.push(columns.map((c) => row.getCell(c).value ?? null)));
    expect(rows).to.deep.equal([
      ['Row key', 'BOB id', 'CRM id', 'Name', 'No sync'],
      ['MAP:|30', null, '30', null, 'Yes'],
      ['MAP:ALONE|', 'ALONE', null, null, 'Yes'],
      ['MAP:LINKED|10', 'LINKED', '10', 'Linked NV', null],
      ['MAP:PAIR|11', 'PAIR', '11', null, 'Yes'],
    ]);
  });

  it('stores the No sync changes with --apply: a cleared link keeps its entry, a one-sided entry goes', async () => {
    await exportMapping({ out: file, lang: 'en' }, deps());
    await setNoSync(file, [
      ['PAIR', '11', null],
      ['ALONE', '', null],
      ['LINKED', '10', 'x'],
    ]);
    const dry = await importMapping({ path: file, apply: false }, deps());
    expect(dry.applied).to.equal(false);
    expect(dry.changes.map((c) => [c.rowKey, c.change])).to.deep.equal([
      ['MAP:ALONE|', 'remove'],
      ['MAP:LINKED|10', 'no sync'],
      ['MAP:PAIR|11', 'clear no sync'],
    ]);
    expect(await withState(world, (state) => state.mapping())).to.deep.equal(
      [...ENTRIES].sort((a, b) => (a.bobId < b.bobId ? -1 : a.bobId > b.bobId ? 1 : 0)),
    );

    const applied = await importMapping({ path: file, apply: true }, deps());
    expect(applied.applied).to.equal(true);
    const after = Object.fromEntries((await withState(world, (state) => state.mapping())).map((e) => [`${e.bobId}|${e.crmId}`, e.noSync]));
    expect(after).to.deep.equal({ '|30': true, 'LINKED|10': true, 'PAIR|11': false });
  });

  it('changes nothing when a flag cannot be read, and reports rows whose entry is gone', async () => {
    await exportMapping({ out: file, lang: 'en' }, deps());
    await setNoSync(file, [
      ['PAIR', '11', 'maybe'],
      ['ALONE', '', null],
    ]);
    await withState(world, (state) => state.deleteMapping('', '30'));
    const report = await importMapping({ path: file, apply: true }, deps());
    expect(report.applied).to.equal(false);
    expect(report.changes).to.deep.equal([]);
    expect(report.unknownRows).to.deep.equal(['MAP:|30']);
    expect(report.findings.map((f) => [f.code, f.cell])).to.deep.equal([['invalid-flag', "'Mapping table'!D5"]]);
    expect((await withState(world, (state) => state.mapping())).map((e) => e.bobId)).to.include('ALONE');
  });
});
