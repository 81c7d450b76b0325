/**
 * Baselines for `import`: the bare parsers reading the same proposal, with nothing kept but
 * counts. `exceljs` reads every row of every sheet of an .xlsx with exceljs' streaming reader;
 * `papaparse` parses CSV files one record at a time (`step`). Each cell value is touched so that
 * no lazy parsing is skipped. Prints `{ sheets, rows, cells }` as JSON.
 * Usage: node baseline-read.js exceljs <file.xlsx> | papaparse <file.csv>...
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

const [mode, ...files] = process.argv.slice(2);
let sheets = 0;
let rows = 0;
let cells = 0;

/** Counts a value as a cell when it holds something (exceljs rows are sparse, 1-based). */
function touch(value: unknown): void {
  if (value !== undefined && value !== null && value !== '') cells++;
}

if (mode === 'exceljs') {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(files[0], {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  for await (const worksheet of reader) {
    sheets++;
    for await (const row of worksheet) {
      rows++;
      for (const value of row.values as unknown[]) touch(value);
    }
  }
} else if (mode === 'papaparse') {
  for (const file of files) {
    sheets++;
    await new Promise<void>((resolve, reject) => {
      // papaparse takes a Node stream in place of a File (as the importer does).
      Papa.parse<string[]>(createReadStream(file, { encoding: 'utf8' }) as unknown as File, {
        delimiter: ';',
        skipEmptyLines: false,
        step(result) {
          rows++;
          for (const value of result.data) touch(value);
        },
        complete: () => resolve(),
        error: (error: unknown) => reject(error),
      });
    });
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(`${JSON.stringify({ sheets, rows, cells })}\n`);
