import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { BobsyncError } from '../../src/errors.js';
import { writeProposal, type WrittenRow } from '../../src/export/write-proposal.js';
import { prepareXlsxThread } from '../../src/export/write-xlsx-thread.js';
import { sheetModel } from '../../src/workbook/sheet-model.js';
import { columnOf } from '../import/fixtures.js';
import { aB2CRow, aContext, aProposal, anExcludedRow } from './fixture.js';

async function writeError(promise: Promise<unknown>): Promise<BobsyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BobsyncError);
    return error as BobsyncError;
  }
  throw new Error('expected an error');
}

describe('writeProposal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a target in a folder that does not exist, with cannot-write', async () => {
    const target = path.join(dir, 'missing', 'proposal.xlsx');
    const error = await writeError(writeProposal(aProposal(), aContext(), { format: 'xlsx', path: target }));
    expect(error.code).to.equal('cannot-write');
    expect(error.message).to.equal(`cannot write ${target}: the folder ${path.dirname(target)} does not exist`);
    expect(error.hint).to.be.a('string');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('refuses a target whose folder is a file, with cannot-write', async () => {
    fs.writeFileSync(path.join(dir, 'file'), '');
    const error = await writeError(writeProposal(aProposal(), aContext(), { format: 'csv', path: path.join(dir, 'file', 'out') }));
    expect(error.code).to.equal('cannot-write');
  });

  it('writes to a temporary next to the target and leaves nothing after discard', async () => {
    const target = path.join(dir, 'proposal.xlsx');
    const written = await writeProposal(aProposal(), aContext(), { format: 'xlsx', path: target });
    expect(path.dirname(written.tempPath)).to.equal(dir);
    expect(fs.existsSync(written.tempPath)).to.equal(true);
    expect(fs.existsSync(target)).to.equal(false);
    await written.discard();
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('removes a temporary CSV folder on discard', async () => {
    const written = await writeProposal(aProposal(), aContext(), { format: 'csv', path: path.join(dir, 'out') });
    expect(fs.statSync(written.tempPath).isDirectory()).to.equal(true);
    await written.discard();
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('replaces an existing workbook on commit', async () => {
    const target = path.join(dir, 'proposal.xlsx');
    fs.writeFileSync(target, 'old');
    const written = await writeProposal(aProposal(), aContext(), { format: 'xlsx', path: target });
    await written.commit();
    expect(fs.readFileSync(target).subarray(0, 2).toString()).to.equal('PK');
    expect(fs.readdirSync(dir)).to.deep.equal(['proposal.xlsx']);
  });

  it('replaces an earlier CSV export folder on commit', async () => {
    const target = path.join(dir, 'out');
    await (await writeProposal(aProposal(), aContext({ proposalId: 'P-1' }), { format: 'csv', path: target })).commit();
    await (await writeProposal(aProposal(), aContext({ proposalId: 'P-2' }), { format: 'csv', path: target })).commit();
    expect(fs.readFileSync(path.join(target, 'meta.json'), 'utf8')).to.contain('"P-2"');
    expect(fs.readdirSync(dir)).to.deep.equal(['out']);
  });

  it('refuses to replace a folder that holds other files', async () => {
    const target = path.join(dir, 'out');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'budget.xlsx'), 'mine');
    const error = await writeError(writeProposal(aProposal(), aContext(), { format: 'csv', path: target }));
    expect(error.code).to.equal('cannot-write');
    expect(fs.readdirSync(target)).to.deep.equal(['budget.xlsx']);
  });

  it('refuses a sheet longer than Excel allows, before writing anything', async () => {
    const proposal = aProposal();
    proposal.excluded = new Array(1_048_576).fill(anExcludedRow());
    const error = await writeError(writeProposal(proposal, aContext(), { format: 'xlsx', path: path.join(dir, 'p.xlsx') }));
    expect(error.code).to.equal('cannot-write');
    expect(error.hint).to.equal('export as CSV instead');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('refuses a second commit', async () => {
    const written = await writeProposal(aProposal(), aContext(), { format: 'xlsx', path: path.join(dir, 'p.xlsx') });
    await written.commit();
    await writeError(written.commit());
    await written.discard();
    expect(fs.existsSync(path.join(dir, 'p.xlsx'))).to.equal(true);
  });

  it('reports a folder it may not write to as cannot-write', async function () {
    if (process.getuid?.() === 0) this.skip(); // root writes anywhere
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    const error = await writeError(writeProposal(aProposal(), aContext(), { format: 'xlsx', path: path.join(locked, 'p.xlsx') }));
    expect(error.code).to.equal('cannot-write');
    fs.chmodSync(locked, 0o755);
  });

  it('hands the rows to the registration while the workbook is written, and writes every row', async () => {
    // More rows than one batch to the writer's thread.
    const proposal = aProposal();
    proposal.bobToCrm = Array.from({ length: 2_345 }, (_, i) => aB2CRow({ key: `B2C:P${i}`, bobId: `P${i}`, name: `Party ${i}` }));
    const target = path.join(dir, 'p.xlsx');
    const seen: WrittenRow[] = [];
    let metaHash = '';
    const written = await writeProposal(proposal, aContext(), { format: 'xlsx', path: target }, async (rows, meta) => {
      // Slower than the writer at first: the rows wait for the registration, not the other way round.
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const row of rows) seen.push(row);
      metaHash = meta;
    });
    expect(seen.filter((row) => row.sheet === 'bobToCrm')).to.have.length(2_345);
    expect(seen.map((row) => row.key)).to.deep.equal([...written.rows].map((row) => row.key));
    expect(metaHash).to.equal(written.metaSha256);
    await written.commit();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(target);
    const sheet = workbook.getWorksheet('BOB to CRM')!;
    expect(sheet.rowCount).to.equal(2_346);
    expect(sheet.getRow(2_346).getCell(columnOf('bobToCrm', 'rowKey')).value).to.equal('B2C:P2344');
  });

  it('refuses a registration that did not take every row (a bug), leaving no file', async () => {
    const target = path.join(dir, 'p.xlsx');
    const error = await writeError(
      writeProposal(aProposal(), aContext(), { format: 'xlsx', path: target }, async (rows) => {
        for (const _ of rows) break;
      }),
    );
    expect(error.code).to.equal('internal');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('stops writing and removes the temporary when the registration fails, and passes its error on', async () => {
    const failure = new Error('registration refused');
    const promise = writeProposal(aProposal(), aContext(), { format: 'xlsx', path: path.join(dir, 'p.xlsx') }, () => Promise.reject(failure));
    let caught: unknown;
    await promise.catch((error: unknown) => (caught = error));
    expect(caught).to.equal(failure);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("reports the writer thread's failure with its cause (a file that is already there)", async () => {
    const file = path.join(dir, 'taken.xlsx');
    fs.writeFileSync(file, 'not ours');
    const model = sheetModel(aProposal(), aContext(), 'xlsx');
    const writer = prepareXlsxThread().start(model, file, { creator: 'test', created: new Date(0) });
    let caught: NodeJS.ErrnoException | undefined;
    await writer.finished.catch((error: NodeJS.ErrnoException) => (caught = error));
    expect(writer.failed()).to.equal(true);
    expect(() => writer.endSheet()).to.throw(/workbook writer failed/);
    expect(caught?.code).to.equal('EEXIST');
    expect(fs.readFileSync(file, 'utf8')).to.equal('not ours');
  });

  it('writes the same workbook with a thread started before its job', async () => {
    const proposal = aProposal();
    proposal.bobToCrm = Array.from({ length: 1_234 }, (_, i) => aB2CRow({ key: `B2C:P${i}`, bobId: `P${i}`, name: `Party ${i}` }));
    const thread = prepareXlsxThread();
    // Long enough for the thread to have loaded exceljs and to be waiting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const early = path.join(dir, 'early.xlsx');
    const fresh = path.join(dir, 'fresh.xlsx');
    await (await writeProposal(proposal, aContext(), { format: 'xlsx', path: early, thread }, async (rows) => {
      for (const _ of rows) continue;
    })).commit();
    await (await writeProposal(proposal, aContext(), { format: 'xlsx', path: fresh }, async (rows) => {
      for (const _ of rows) continue;
    })).commit();
    const read = async (file: string): Promise<unknown[][]> => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      return workbook.worksheets.map((sheet) => sheet.getSheetValues());
    };
    expect(await read(early)).to.deep.equal(await read(fresh));
    expect((await read(early))[1]).to.have.length(1_236); // sparse: index 0 empty, header, 1,234 rows
    await thread.discard(); // nothing to do once it had its job
  });

  it('refuses a second job for one prepared thread, and a discarded thread takes none', async () => {
    const model = sheetModel(aProposal(), aContext(), 'xlsx');
    const thread = prepareXlsxThread();
    const writer = thread.start(model, path.join(dir, 'one.xlsx'), { creator: 'test', created: new Date(0) });
    expect(() => thread.start(model, path.join(dir, 'two.xlsx'), { creator: 'test', created: new Date(0) })).to.throw(/already has its job/);
    await writer.cancel();
    const unused = prepareXlsxThread();
    await unused.discard();
    expect(fs.existsSync(path.join(dir, 'two.xlsx'))).to.equal(false);
  });
});
