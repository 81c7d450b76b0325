/**
 * A small hand-made proposal and export context for the export tests: one row of every kind, with
 * the values that trip spreadsheets (leading zeros, formula-like names, long cells).
 */
import type { Lang } from '../../src/config/types.js';
import type { B2CRow, C2BRow, ExcludedRow, MappingRow, PersonalFieldRow, Proposal } from '../../src/engine/model.js';
import type { ExportContext } from '../../src/workbook/sheet-model.js';

export function aB2CRow(overrides: Partial<B2CRow> = {}): B2CRow {
  return {
    key: 'B2C:ACME',
    action: 'update-crm',
    bobId: 'ACME',
    crmId: '43',
    name: 'ACME NV',
    vat: 'BE0403019261',
    vatProblem: '',
    postcode: '1050',
    city: 'Brussel',
    contacts: 2,
    matchedBy: 'vat',
    changes: [{ field: 'name', from: 'ACME SA', to: 'ACME NV' }],
    candidates: [],
    sources: [
      { kind: 'bob', id: 'ACME', fingerprint: 'b1' },
      { kind: 'crm', id: '43', fingerprint: 'c1' },
    ],
    ...overrides,
  };
}

export function aC2BRow(overrides: Partial<C2BRow> = {}): C2BRow {
  return {
    key: 'C2B:77',
    action: 'create-bob',
    crmId: '77',
    name: 'Beta BV',
    vat: 'BE0417497106',
    postcode: '2000',
    city: 'Antwerpen',
    persons: 1,
    newBobId: 'BETA',
    sources: [{ kind: 'crm', id: '77', fingerprint: 'c2' }],
    ...overrides,
  };
}

export function aPersonalFieldRow(overrides: Partial<PersonalFieldRow> = {}): PersonalFieldRow {
  return {
    key: 'PF:XSECTOR',
    column: 'XSECTOR',
    label: 'Sector',
    crmField: 'comp_sector',
    crmCaption: 'Sector',
    selected: true,
    condition: '=',
    value: 'IT',
    ...overrides,
  };
}

export function aMappingRow(overrides: Partial<MappingRow> = {}): MappingRow {
  return {
    key: 'MAP:OLD|12',
    bobId: 'OLD',
    crmId: '12',
    name: 'Old Customer',
    noSync: true,
    linkedAt: '2024-01-02T10:00:00.000Z',
    lastSyncAt: '',
    sources: [{ kind: 'map', id: 'OLD|12', fingerprint: 'm1' }],
    ...overrides,
  };
}

export function anExcludedRow(overrides: Partial<ExcludedRow> = {}): ExcludedRow {
  return {
    key: 'EXC:B:SUPP',
    side: 'bob',
    id: 'SUPP',
    name: 'Supplier NV',
    vat: '',
    reason: 'supplier',
    detail: '',
    ...overrides,
  };
}

/** A proposal with the awkward values: a VAT number and postcode with leading zeros, formula-like names. */
export function aProposal(): Proposal {
  return {
    bobToCrm: [
      aB2CRow(),
      aB2CRow({
        key: 'B2C:0042',
        action: 'create-crm',
        bobId: '0042',
        crmId: '',
        name: '=HYPERLINK("x")',
        vat: '0403019261',
        postcode: '0612',
        matchedBy: '',
        changes: [],
        candidates: [{ crmId: '44', name: 'Acme Bis', vat: '', postcode: '1050', reason: 'name' }],
      }),
      aB2CRow({
        key: 'B2C:PLUS',
        action: 'choose',
        bobId: 'PLUS',
        crmId: '',
        name: '+32 2 123 45 67',
        vatProblem: 'The check digits of this Belgian VAT number are wrong (97 − first 8 digits mod 97).',
        matchedBy: '',
        changes: [],
        candidates: [
          { crmId: '45', name: 'Plus NV', vat: 'BE0403019261', postcode: '1000', reason: 'vat' },
          { crmId: '46', name: 'Plus BV', vat: 'BE0403019261', postcode: '', reason: 'vat' },
        ],
      }),
    ],
    crmToBob: [aC2BRow(), aC2BRow({ key: 'C2B:78', crmId: '78', name: '@SUM(A1)', newBobId: '-MINUS' })],
    personalFields: [aPersonalFieldRow(), aPersonalFieldRow({ key: 'PF:XREGION', column: 'XREGION', label: 'Region', crmField: '', selected: false, condition: '', value: '' })],
    mapping: [aMappingRow()],
    excluded: [anExcludedRow(), anExcludedRow({ key: 'EXC:C:9', side: 'crm', id: '9', name: 'Prospect BV', reason: 'not-customer', detail: 'Prospect' })],
  };
}

export function anEmptyProposal(): Proposal {
  return { bobToCrm: [], crmToBob: [], personalFields: [], mapping: [], excluded: [] };
}

export function aContext(overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    proposalId: 'P-20240102-0001',
    createdAt: '2024-01-02T10:00:00.000Z',
    createdBy: 'marie',
    lang: 'en' as Lang,
    bobDescription: 'SQLite bob.sqlite',
    crmDescription: 'http://127.0.0.1:8080/sdata/crmj/sagecrm2/-/',
    crmFields: [
      { name: 'comp_sector', caption: 'Sector', type: 'text' },
      { name: 'comp_region', caption: 'Region', type: 'text' },
    ],
    csvDelimiter: ';',
    ...overrides,
  };
}
