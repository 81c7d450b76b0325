import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The npm packages a fresh process has loaded after importing `module` (CommonJS ones: exceljs, papaparse, …). */
function packagesLoadedBy(module: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    await import(${JSON.stringify(module)});
    const names = new Set();
    for (const file of Object.keys(require.cache)) {
      const match = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
      if (match) names.add(match[1]);
    }
    process.stdout.write(JSON.stringify([...names]));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
}

describe('start of the command line', () => {
  // Every command starts by loading the command list: exceljs (about half a second) is loaded by
  // the commands that read or write a workbook on their own thread, when they run.
  it('loads neither exceljs nor papaparse with the command list', () => {
    const loaded = packagesLoadedBy(fileURLToPath(new URL('../../src/cli/main.js', import.meta.url)));
    expect(loaded).to.include('ajv'); // the configuration's validator: the probe sees CommonJS packages
    expect(loaded).not.to.include('exceljs');
    expect(loaded).not.to.include('papaparse');
  });

  it('leaves exceljs to the writer thread in analyse', () => {
    const loaded = packagesLoadedBy(fileURLToPath(new URL('../../src/app/run-analyse.js', import.meta.url)));
    expect(loaded).to.include('better-sqlite3');
    expect(loaded).not.to.include('exceljs');
  });
});
