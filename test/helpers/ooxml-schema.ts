/**
 * Validates every XML part of an xlsx against the ECMA-376 transitional schemas, the way Excel reads
 * it: Markup Compatibility first (what `mc:Ignorable` marks as ignorable is dropped), then XSD
 * validation with libxml2 (xmllint-wasm). Excel "repairs" a workbook whose parts break the schema;
 * LibreOffice forgives them, so opening a file there proves nothing.
 *
 * The schemas are not part of the repository. They are looked for in `BOBSYNC_OOXML_SCHEMAS` and
 * then in `shared/ooxml-schemas` next to the project folder; see `locateOoxmlSchemas`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser, XMLSerializer, onErrorStopParsing, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

/** The environment variable that names the folder with the ECMA-376 schemas (`sml.xsd` and the rest). */
export const SCHEMAS_ENV = 'BOBSYNC_OOXML_SCHEMAS';

/** What the validator found in one part of the package; `errors` is empty for a valid part. */
export interface PartReport {
  part: string;
  /** The schema file the part was validated against, or `null` when the table has none for it. */
  schema: string | null;
  /** Distinct messages, without line numbers (they refer to the part after the compatibility pass). */
  errors: string[];
}

/** Which schema validates which part (the table of the schemas' README), first match wins. */
const SCHEMA_OF_PART: ReadonlyArray<[RegExp, string]> = [
  [/^\[Content_Types\]\.xml$/, 'opc-contentTypes.xsd'],
  [/\.rels$/, 'opc-relationships.xsd'],
  [/^docProps\/core\.xml$/, 'opc-coreProperties.xsd'],
  [/^docProps\/app\.xml$/, 'shared-documentPropertiesExtended.xsd'],
  [/^xl\/theme\/[^/]+\.xml$/, 'dml-main.xsd'],
  [/^xl\/.+\.xml$/, 'sml.xsd'],
];

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** The schema for a part name, `null` for an XML part the table does not cover, `undefined` for a non-XML part. */
export function schemaOfPart(part: string): string | null | undefined {
  const match = SCHEMA_OF_PART.find(([pattern]) => pattern.test(part));
  if (match !== undefined) return match[1];
  return /\.(xml|rels)$/.test(part) ? null : undefined;
}

/**
 * Finds the schema folder: `BOBSYNC_OOXML_SCHEMAS` when set (it must then hold `sml.xsd`: a wrong
 * setting throws rather than skipping), else `<project>/../shared/ooxml-schemas`. Returns the folder,
 * or `null` with the places tried when there is none.
 */
export function locateOoxmlSchemas(env: NodeJS.ProcessEnv = process.env): { dir: string } | { dir: null; tried: string[] } {
  const configured = env[SCHEMAS_ENV];
  if (configured !== undefined && configured !== '') {
    const dir = path.resolve(configured);
    if (!fs.existsSync(path.join(dir, 'sml.xsd'))) throw new Error(`${SCHEMAS_ENV} is set to ${dir}, which holds no sml.xsd`);
    return { dir };
  }
  const beside = path.resolve(projectRoot(), '..', 'shared', 'ooxml-schemas');
  if (fs.existsSync(path.join(beside, 'sml.xsd'))) return { dir: beside };
  return { dir: null, tried: [`${SCHEMAS_ENV} (not set)`, beside] };
}

/** Every error of the reports as `part: message`, for an assertion that prints what is wrong. */
export function problemsOf(reports: PartReport[]): string[] {
  return reports.flatMap((report) => report.errors.map((error) => `${report.part}: ${error}`));
}

let toldMissing = false;

/**
 * For a mocha hook: the schema folder, or the suite made pending (never passed) with a line saying
 * where the schemas were looked for.
 */
export function schemasOrSkip(context: Mocha.Context): string {
  const located = locateOoxmlSchemas();
  if (located.dir === null) {
    if (!toldMissing) console.log(`  ECMA-376 schemas not found, the schema checks are pending (looked at ${located.tried.join(', ')}; set ${SCHEMAS_ENV})`);
    toldMissing = true;
    context.skip();
  }
  return located.dir;
}

/** The folder with package.json above this file (this file runs from `dist/test/helpers`). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

/**
 * Validates every XML part of the xlsx `file` (a path or its bytes) against the schemas in
 * `schemasDir`. Returns one report per XML part, in zip order; a part is valid when its `errors`
 * are empty. An XML part the table has no schema for is reported with an error, so that a new kind
 * of part cannot pass unchecked.
 */
export async function validateXlsx(file: string | Buffer, schemasDir: string): Promise<PartReport[]> {
  const zip = await JSZip.loadAsync(typeof file === 'string' ? await fs.promises.readFile(file) : file);
  const reports: PartReport[] = [];
  const bySchema = new Map<string, Array<{ report: PartReport; input: XMLFileInfo }>>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const schema = schemaOfPart(entry.name);
    if (schema === undefined) continue;
    const report: PartReport = { part: entry.name, schema, errors: [] };
    reports.push(report);
    if (schema === null) {
      report.errors.push('no schema in the table for this part');
      continue;
    }
    const processed = dropIgnorable(await entry.async('string'));
    if ('error' in processed) {
      report.errors.push(processed.error);
      continue;
    }
    const parts = bySchema.get(schema) ?? [];
    // xmllint's file names: flat, and nothing it would take for an option or a position.
    parts.push({ report, input: { fileName: `part${reports.length}.xml`, contents: processed.xml } });
    bySchema.set(schema, parts);
  }
  const preload = await loadSchemas(schemasDir);
  await Promise.all([...bySchema].map(([schema, parts]) => validateParts(schema, parts, preload)));
  return reports;
}

/** Every schema of the folder, for xmllint's in-memory file system: the imports resolve among them. */
async function loadSchemas(dir: string): Promise<XMLFileInfo[]> {
  const names = (await fs.promises.readdir(dir)).filter((name) => name.endsWith('.xsd'));
  return Promise.all(names.map(async (name) => ({ fileName: name, contents: await fs.promises.readFile(path.join(dir, name), 'utf8') })));
}

/** Validates the parts that share one schema in one xmllint run, and files each message under its part. */
async function validateParts(schema: string, parts: Array<{ report: PartReport; input: XMLFileInfo }>, preload: XMLFileInfo[]): Promise<void> {
  const result = await validateXML({
    xml: parts.map((part) => part.input),
    schema: preload.find((file) => file.fileName === schema)!,
    preload: preload.filter((file) => file.fileName !== schema),
    maxMemoryPages: 16 * 1024, // 1 GiB, a ceiling: all sheets of a workbook share one run, and the default is 32 MiB
  });
  if (result.valid === null) throw new Error(`xmllint could not validate against ${schema}:\n${result.rawOutput}`);
  const byFile = new Map(parts.map((part) => [part.input.fileName, part.report]));
  for (const error of result.errors) {
    const report = error.loc === null ? undefined : byFile.get(error.loc.fileName);
    if (report === undefined) {
      // xmllint's closing line per file; anything else unplaced must not be lost.
      if (/ (fails to validate|validates)$/.test(error.rawMessage.trim())) continue;
      throw new Error(`xmllint said something about no known part (${schema}): ${error.rawMessage}`);
    }
    const message = readable(error.message);
    if (!report.errors.includes(message)) report.errors.push(message);
  }
  if (!result.valid && parts.every((part) => part.report.errors.length === 0)) {
    throw new Error(`xmllint found ${schema}'s parts invalid without saying where:\n${result.rawOutput}`);
  }
}

/** xmllint's message without its "element x: Schemas validity error :" lead and the SpreadsheetML namespace. */
function readable(message: string): string {
  return message
    .replace(/^.*?Schemas validity error : /, '')
    .replace(/\{http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main\}/g, '')
    .trim();
}

/**
 * Markup Compatibility (ECMA-376 Part 3) as far as Excel's reading needs it here: in the scope of an
 * `mc:Ignorable` declaration, attributes and elements in the namespaces it names are dropped, and so
 * is the `mc:Ignorable` attribute. Everything else, other `mc:` markup included, stays for the schema
 * to judge.
 */
export function dropIgnorable(xml: string): { xml: string } | { error: string } {
  let document;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (error) {
    return { error: `not well-formed XML: ${(error as Error).message}` };
  }
  if (document.documentElement === null) return { error: 'not well-formed XML: no root element' };
  dropIgnorableIn(document.documentElement, new Set());
  return { xml: new XMLSerializer().serializeToString(document) };
}

function dropIgnorableIn(element: Element, inherited: ReadonlySet<string>): void {
  const declared = (element.getAttributeNS(MC, 'Ignorable') ?? '').split(/\s+/).filter((prefix) => prefix !== '');
  element.removeAttributeNS(MC, 'Ignorable');
  const ignorable = declared.length === 0 ? inherited : new Set([...inherited, ...declared.flatMap((prefix) => element.lookupNamespaceURI(prefix) ?? [])]);
  for (const attribute of Array.from(element.attributes)) {
    if (attribute.namespaceURI !== null && ignorable.has(attribute.namespaceURI)) element.removeAttributeNode(attribute);
  }
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType !== child.ELEMENT_NODE) continue;
    const childElement = child as Element;
    if (childElement.namespaceURI !== null && ignorable.has(childElement.namespaceURI)) element.removeChild(childElement);
    else dropIgnorableIn(childElement, ignorable);
  }
}
