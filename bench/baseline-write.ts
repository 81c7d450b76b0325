/**
 * Baselines for `analyse`: the same BOB customer rows read from bob.sqlite and written either with
 * the bare exceljs streaming writer (inline strings, one commit per row) or as one CSV with
 * papaparse. Usage: node baseline-write.js exceljs|papaparse <bob.sqlite> <out> <columns>
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

const [mode, dbFile, out, columnsArg] = process.argv.slice(2);
const columns = Number(columnsArg ?? 17);
const db = new Database(dbFile, { readonly: true });
const statement = db.prepare(
  "SELECT [CID], [CNAME1], [CVATREF], [CVATNO], [CZIPCODE], [CLOCALITY], [CTELNO], [EMAILADDRESS], [HTTPADDRESS], [CADDRESS1] FROM [AC_COMPAN] WHERE [CCUSTYPE] = 'C'",
);

function rowOf(r: Record<string, unknown>): string[] {
  const base = Object.values(r).map((v) => (v == null ? '' : String(v)));
  const row: string[] = [];
  for (let i = 0; i < columns; i++) row.push(base[i % base.length]);
  return row;
}

if (mode === 'exceljs') {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('BOB to CRM');
  let n = 0;
  for (const r of statement.iterate() as Iterable<Record<string, unknown>>) {
    ws.addRow(rowOf(r)).commit();
    if (++n % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  ws.commit();
  await wb.commit();
} else if (mode === 'papaparse') {
  const stream = createWriteStream(out);
  stream.write('\uFEFF');
  let chunk: string[][] = [];
  const flush = async () => {
    if (!stream.write(`${Papa.unparse(chunk, { delimiter: ';', newline: '\r\n' })}\r\n`)) await once(stream, 'drain');
    chunk = [];
  };
  for (const r of statement.iterate() as Iterable<Record<string, unknown>>) {
    chunk.push(rowOf(r));
    if (chunk.length === 5000) await flush();
  }
  if (chunk.length) await flush();
  stream.end();
  await once(stream, 'finish');
} else {
  throw new Error(`unknown mode ${mode}`);
}
db.close();
