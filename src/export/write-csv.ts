/**
 * Workbook content → a folder of CSV files (DESIGN §6): one file per sheet (CSV_FILES) plus
 * `meta.json`. UTF-8 with BOM (Excel reads it as UTF-8 only then), the configured delimiter, CRLF,
 * quotes only where needed. Every text is neutralised here (a CSV file has no cell types, so a
 * spreadsheet would take `=…` for a formula) and restored by `read-csv.ts`; papaparse's own
 * `escapeFormulae` stays off, since it has no inverse.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { CSV_FILES, CSV_META_FILE, type MetaEntries } from '../../templates/columns.js';
import type { CellValue } from '../workbook/cell-text.js';
import { neutralise } from '../workbook/neutralise.js';
import type { WorkbookModel } from '../workbook/sheet-model.js';

/** Rows per papaparse call. */
const CHUNK_ROWS = 1000;
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Writes every CSV file and `meta.json` of `model` into the existing, empty folder `dir`. */
export async function writeCsv(model: WorkbookModel, dir: string, delimiter: string): Promise<void> {
  await writeCsvFile(
    path.join(dir, CSV_FILES.summary),
    model.summary.lines.map((line) => line.cells),
    delimiter,
  );
  for (const sheet of model.sheets) {
    await writeCsvFile(path.join(dir, CSV_FILES[sheet.key]), withHeader(sheet.header, sheet.rows()), delimiter);
  }
  await writeMetaJson(path.join(dir, CSV_META_FILE), model.meta);
}

/** Writes rows of cells as one CSV file, streamed in chunks, awaiting the file's drain. */
export async function writeCsvFile(file: string, rows: Iterable<readonly CellValue[]>, delimiter: string): Promise<void> {
  const out = fs.createWriteStream(file, { flags: 'wx', encoding: 'utf8' });
  const failed = new Promise<never>((_resolve, reject) => out.once('error', reject));
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    await write(BOM);
    let chunk: Array<readonly CellValue[]> = [];
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const text = Papa.unparse(chunk as CellValue[][], {
        delimiter,
        newline: CRLF,
        quotes: false,
        quoteChar: '"',
        escapeChar: '"',
        header: false,
        escapeFormulae: false,
      });
      chunk = [];
      await write(text + CRLF);
    };
    for (const row of rows) {
      chunk.push(row.map(neutraliseCell));
      if (chunk.length >= CHUNK_ROWS) await flush();
    }
    await flush();
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** `{ "entries": [[key, value], …] }`, UTF-8 without BOM. */
export async function writeMetaJson(file: string, entries: MetaEntries): Promise<void> {
  await fs.promises.writeFile(file, `${JSON.stringify({ entries }, null, 2)}\n`, { flag: 'wx', encoding: 'utf8' });
}

function neutraliseCell(value: CellValue): CellValue {
  return typeof value === 'string' ? neutralise(value) : value;
}

function* withHeader(header: readonly string[], rows: Iterable<{ values: readonly CellValue[] }>): Generator<readonly CellValue[]> {
  yield header;
  for (const row of rows) yield row.values;
}
