/**
 * The workbook format (DESIGN §6): sheet keys, column keys, which columns are decisions, and every
 * label in nl, fr and en. Export writes from this table and import finds columns by these keys (or
 * by any language's label), so this file is the contract between the two halves of the tool.
 */
import type { Lang } from '../src/config/types.js';
import type { DataSheetKey } from '../src/engine/model.js';

/** Bump when the layout changes in a way an older import could misread. */
export const FORMAT_VERSION = 2;

/** The data sheets in workbook order: one per sheet of the proposal. */
export const DATA_SHEETS = ['bobToCrm', 'crmToBob', 'personalFields', 'mapping', 'excluded'] as const satisfies readonly DataSheetKey[];
export type SheetKey = 'summary' | DataSheetKey;
export const META_SHEET = '_meta';

/**
 * Kinds of column:
 * - `text`: read-only text (codes, VAT numbers, postcodes are text cells);
 * - `number`: read-only number;
 * - `flag`: decision, dropdown with the language's "yes", blank for no;
 * - `choice`: decision, dropdown from a list (conditions, CRM fields, candidates);
 * - `input`: decision, free text (New BOB id, Value, Note, Link to CRM id).
 */
export type ColumnKind = 'text' | 'number' | 'flag' | 'choice' | 'input';

export interface ColumnDef {
  key: string;
  kind: ColumnKind;
  labels: Record<Lang, string>;
  /** Width in characters (the writer may widen to fit content). */
  width: number;
  /** The widest the writer makes it (texts wrap beyond), when narrower than the writer's own cap. */
  maxWidth?: number;
}

const col = (key: string, kind: ColumnKind, en: string, nl: string, fr: string, width = 14, maxWidth?: number): ColumnDef => ({
  key,
  kind,
  labels: { en, nl, fr },
  width,
  ...(maxWidth !== undefined ? { maxWidth } : {}),
});

export const SHEET_NAMES: Record<SheetKey, Record<Lang, string>> = {
  summary: { en: 'Summary', nl: 'Overzicht', fr: 'Résumé' },
  bobToCrm: { en: 'BOB to CRM', nl: 'BOB naar CRM', fr: 'BOB vers CRM' },
  crmToBob: { en: 'CRM to BOB', nl: 'CRM naar BOB', fr: 'CRM vers BOB' },
  personalFields: { en: 'Personal fields', nl: 'Persoonlijke velden', fr: 'Champs personnels' },
  mapping: { en: 'Mapping table', nl: 'Overeenkomstentabel', fr: 'Table de correspondance' },
  excluded: { en: 'Excluded', nl: 'Uitgesloten', fr: 'Exclus' },
};

const ROW_KEY = col('rowKey', 'text', 'Row key', 'Rijsleutel', 'Clé de ligne', 14);
const NO_SYNC = col('noSync', 'flag', 'No sync', 'Geen sync.', 'Jamais sync.', 10);
const NOT_THIS_TIME = col('notThisTime', 'flag', 'Not this time', 'Deze keer niet', 'Pas cette fois', 12);
const NOTE = col('note', 'input', 'Note', 'Opmerking', 'Remarque', 24);

/**
 * The columns of each data sheet, in the order they are written. Each sheet opens with what
 * identifies the party (frozen, see FROZEN_COLUMNS), then the decisions, then the details; the Row
 * key, which import reads rows by, comes last. Import finds columns by key or label, never by place.
 */
export const COLUMNS: Record<DataSheetKey, ColumnDef[]> = {
  bobToCrm: [
    col('action', 'text', 'Action', 'Actie', 'Action', 14),
    col('bobId', 'text', 'BOB id', 'BOB-code', 'Code BOB', 12),
    col('name', 'text', 'Name', 'Naam', 'Nom', 30),
    col('linkToCrmId', 'choice', 'Link to CRM id', 'Koppelen aan CRM-id', 'Lier à l’ID CRM', 14),
    NO_SYNC,
    NOT_THIS_TIME,
    NOTE,
    col('warning', 'text', 'Warning', 'Waarschuwing', 'Avertissement', 30, 36),
    col('candidates', 'text', 'Candidates', 'Kandidaten', 'Candidats', 30, 36),
    col('changes', 'text', 'Changes in the CRM (now → after sync)', 'Wijzigingen in de CRM (nu → na sync.)', 'Modifications dans le CRM (actuel → après sync.)', 40, 48),
    col('crmId', 'text', 'CRM id', 'CRM-id', 'ID CRM', 10),
    col('matchedBy', 'text', 'Matched by', 'Gekoppeld via', 'Lié par', 14),
    col('vat', 'text', 'VAT', 'Btw-nummer', 'N° TVA', 16),
    col('postcode', 'text', 'Postcode', 'Postcode', 'Code postal', 10),
    col('city', 'text', 'City', 'Gemeente', 'Localité', 18),
    col('contacts', 'number', 'Contacts', 'Contactpersonen', 'Contacts', 10),
    ROW_KEY,
  ],
  crmToBob: [
    col('action', 'text', 'Action', 'Actie', 'Action', 14),
    col('crmId', 'text', 'CRM id', 'CRM-id', 'ID CRM', 10),
    col('name', 'text', 'Name', 'Naam', 'Nom', 30),
    col('newBobId', 'input', 'New BOB id', 'Nieuwe BOB-code', 'Nouveau code BOB', 14),
    NO_SYNC,
    NOT_THIS_TIME,
    NOTE,
    col('warning', 'text', 'Warning', 'Waarschuwing', 'Avertissement', 30, 36),
    col('vat', 'text', 'VAT', 'Btw-nummer', 'N° TVA', 16),
    col('postcode', 'text', 'Postcode', 'Postcode', 'Code postal', 10),
    col('city', 'text', 'City', 'Gemeente', 'Localité', 18),
    col('persons', 'number', 'Contacts', 'Contactpersonen', 'Contacts', 10),
    ROW_KEY,
  ],
  personalFields: [
    col('bobField', 'text', 'BOB field', 'BOB-veld', 'Champ BOB', 14),
    col('label', 'text', 'Label', 'Omschrijving', 'Libellé', 20),
    col('crmField', 'choice', 'CRM field', 'CRM-veld', 'Champ CRM', 20),
    col('sel', 'flag', 'Sel', 'Sel', 'Sel', 8),
    col('condition', 'choice', 'Condition', 'Voorwaarde', 'Condition', 14),
    col('value', 'input', 'Value', 'Waarde', 'Valeur', 20),
    NOTE,
    ROW_KEY,
  ],
  mapping: [
    col('bobId', 'text', 'BOB id', 'BOB-code', 'Code BOB', 12),
    col('crmId', 'text', 'CRM id', 'CRM-id', 'ID CRM', 10),
    col('name', 'text', 'Name', 'Naam', 'Nom', 30),
    NO_SYNC,
    NOTE,
    col('linkedAt', 'text', 'Linked at (Brussels time)', 'Gekoppeld op (Belgische tijd)', 'Lié le (heure de Bruxelles)', 20),
    col('lastSyncAt', 'text', 'Last sync (Brussels time)', 'Laatste sync. (Belgische tijd)', 'Dernière sync. (heure de Bruxelles)', 20),
    ROW_KEY,
  ],
  excluded: [
    col('side', 'text', 'Side', 'Kant', 'Côté', 8),
    col('id', 'text', 'Id', 'Code', 'Code', 12),
    col('name', 'text', 'Name', 'Naam', 'Nom', 30),
    col('reason', 'text', 'Reason', 'Reden', 'Raison', 40, 48),
    col('detail', 'text', 'Detail', 'Detail', 'Détail', 30, 40),
    col('vat', 'text', 'VAT', 'Btw-nummer', 'N° TVA', 16),
    ROW_KEY,
  ],
};

/** Columns that stay on screen while the decisions are scrolled to: what identifies the party. */
export const FROZEN_COLUMNS: Record<DataSheetKey, number> = { bobToCrm: 3, crmToBob: 3, personalFields: 2, mapping: 3, excluded: 3 };

/** The sheet a result workbook adds: who applied what, when, with what counts. */
export const RUN_SHEET_NAMES: Record<Lang, string> = { en: 'Run', nl: 'Uitvoering', fr: 'Exécution' };

/** Column added to every data sheet of a result workbook: what was done with the row. */
export const RESULT_COLUMN = col('result', 'text', 'Result', 'Resultaat', 'Résultat', 30, 48);

/** Column added to every data sheet of a findings workbook: what is wrong on the row. */
export const FINDINGS_COLUMN = col('findings', 'text', 'Findings', 'Bevindingen', 'Constats', 40, 60);

/** The sheet a findings workbook adds: every finding with its cell, what is wrong and what to do. */
export const FINDINGS_SHEET_NAMES: Record<Lang, string> = { en: 'Findings', nl: 'Bevindingen', fr: 'Constats' };

export const ACTION_LABELS: Record<string, Record<Lang, string>> = {
  'create-crm': { en: 'Create in CRM', nl: 'Aanmaken in CRM', fr: 'Créer dans le CRM' },
  'update-crm': { en: 'Update CRM', nl: 'CRM bijwerken', fr: 'Mettre à jour le CRM' },
  link: { en: 'Link', nl: 'Koppelen', fr: 'Lier' },
  choose: { en: 'Choose', nl: 'Kiezen', fr: 'Choisir' },
  'create-bob': { en: 'Create in BOB', nl: 'Aanmaken in BOB', fr: 'Créer dans BOB' },
};

/** The one "yes" of a flag dropdown, and the confirmation's yes/no. */
export const YES: Record<Lang, string> = { en: 'Yes', nl: 'Ja', fr: 'Oui' };
export const NO: Record<Lang, string> = { en: 'No', nl: 'Nee', fr: 'Non' };
/** What Link to CRM id takes to create a new company in the CRM instead of linking (any language is read). */
export const NEW_KEYWORD: Record<Lang, string> = { en: 'new', nl: 'nieuw', fr: 'nouveau' };

/** Summary rows that hold decisions: label in column A, decision in column B. */
export const SUMMARY_LABELS = {
  confirm: { en: 'The synchronisation data is correct', nl: 'De synchronisatiegegevens zijn correct', fr: 'Les données de synchronisation sont correctes' },
  reviewedBy: { en: 'Reviewed by', nl: 'Nagekeken door', fr: 'Vérifié par' },
} as const satisfies Record<string, Record<Lang, string>>;

export const isDecision = (c: ColumnDef): boolean => c.kind === 'flag' || c.kind === 'choice' || c.kind === 'input';

/** File names of a CSV folder, independent of the language. */
export const CSV_FILES: Record<SheetKey, string> = {
  summary: 'summary.csv',
  bobToCrm: 'bob-to-crm.csv',
  crmToBob: 'crm-to-bob.csv',
  personalFields: 'personal-fields.csv',
  mapping: 'mapping-table.csv',
  excluded: 'excluded.csv',
};
export const CSV_META_FILE = 'meta.json';

/**
 * The `_meta` content: ordered key/value pairs. In xlsx they are rows of the very hidden `_meta`
 * sheet (key in A, value in B); in a CSV folder `meta.json` is `{ "entries": [[key, value], …] }`.
 * Keys: `formatVersion`, `proposalId`, `lang`, `createdAt`, `sheet.<sheetKey>` (sheet name),
 * `columns.<sheetKey>` (column keys joined by `,`), `confirmCell`, `reviewedByCell` (Summary cells,
 * e.g. `B14`), `csvDelimiter` (CSV only).
 */
export type MetaEntries = Array<[string, string]>;
