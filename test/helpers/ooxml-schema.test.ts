/** The validator itself: what it reports, what the compatibility pass drops, what it refuses to pass unchecked. */
import { expect } from 'chai';
import JSZip from 'jszip';
import { problemsOf, schemasOrSkip, validateXlsx } from './ooxml-schema.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A package holding the given parts only: the validator judges each part on its own. */
async function packageOf(parts: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(parts)) zip.file(name, text);
  return zip.generateAsync({ type: 'nodebuffer' });
}

function sheet(attributes: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" ${attributes}>${body}</worksheet>`;
}

describe('validateXlsx', function () {
  this.timeout(60_000);
  let schemas: string;
  before(function () {
    schemas = schemasOrSkip(this);
  });

  it('reports sheetProtection written after autoFilter, in that part only', async () => {
    const reports = await validateXlsx(
      await packageOf({
        'xl/worksheets/sheet1.xml': sheet('', '<sheetData/><autoFilter ref="A1:B2"/><sheetProtection sheet="1"/>'),
        'xl/worksheets/sheet2.xml': sheet('', '<sheetData/><sheetProtection sheet="1"/><autoFilter ref="A1:B2"/>'),
      }),
      schemas,
    );
    expect(reports.find((report) => report.part === 'xl/worksheets/sheet1.xml')!.errors).to.have.length(1).and.to.match(/^Element 'sheetProtection': This element is not expected/);
    expect(reports.find((report) => report.part === 'xl/worksheets/sheet2.xml')!.errors).to.deep.equal([]);
  });

  it('drops the attributes and elements of namespaces marked ignorable, and only those', async () => {
    const namespaces = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"';
    const reports = await validateXlsx(
      await packageOf({
        'xl/worksheets/sheet1.xml': sheet(`${namespaces} mc:Ignorable="x14ac"`, '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="55"/><sheetData/><x14ac:anything/>'),
        'xl/worksheets/sheet2.xml': sheet(namespaces, '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="55"/><sheetData/>'),
      }),
      schemas,
    );
    expect(problemsOf(reports)).to.have.length(1).and.to.match(/^xl\/worksheets\/sheet2\.xml: .*dyDescent/);
  });

  it('reports an XML part the table has no schema for, and one that is not well-formed', async () => {
    const reports = await validateXlsx(
      await packageOf({ 'docProps/custom.xml': '<Properties/>', 'xl/styles.xml': `<styleSheet xmlns="${MAIN}">` }),
      schemas,
    );
    expect(problemsOf(reports)).to.have.length(2);
    expect(problemsOf(reports)[0]).to.equal('docProps/custom.xml: no schema in the table for this part');
    expect(problemsOf(reports)[1]).to.match(/^xl\/styles\.xml: not well-formed XML/);
  });
});
