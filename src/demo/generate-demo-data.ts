/**
 * The demo's data: a BOB dossier with N customers and a Sage CRM built to exercise every rule of
 * the first synchronisation (matches by VAT in other spellings, duplicates, prospects, suppliers,
 * private persons, near-identical names, linked pairs with and without differences, No sync entries,
 * invalid and foreign VAT numbers…). Pure and deterministic: the same options give the same data.
 *
 * Each step of the generator writes one scenario (a BOB third party and whatever the CRM and the
 * mapping table hold about it) straight into the output arrays, so memory grows with the output only.
 * One of each scenario is placed first, spread over the dossier, so that a small demo covers them all;
 * the remaining steps draw scenarios by weight.
 */
import type {
  BobContact, BobThirdParty, CrmCompany, CrmField, CrmPerson, MappingEntry, PersonalFieldConfig,
} from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { BOB_WIDTHS as W } from '../sources/bob/create-bob-database.js';
import { formatPhone, type PhoneNumber, type PhoneStyle } from './phone-number.js';
import { Random, weightedTable, type WeightedTable } from './random.js';
import {
  corruptBelgianVat, spellBelgianVat, spellForeignVat, VatFactory, type BelgianSpelling, type DemoVat,
} from './vat-factory.js';
import {
  ACCOUNT_MANAGERS, COMPANY_MAILBOXES, FAMILY_NAMES, FANCY_NAMES, FIRST_NAMES, FOREIGN, JOB_TITLES, LEGAL_FORMS,
  MAIL_PROVIDERS, PAYMENT_TERMS, PLACES, STREETS, SUPPLIER_TRADES, TRADES,
  type ForeignCountry, type Place, type Trade,
} from './vocabulary.js';

export interface DemoOptions {
  /** BOB customers to generate (suppliers come on top), 1 to 1,000,000. */
  customers: number;
  /** Any safe integer. */
  seed: number;
}

export interface DemoData {
  bob: { thirdParties: BobThirdParty[]; contacts: BobContact[] };
  crm: { companies: CrmCompany[]; persons: CrmPerson[]; fields: CrmField[] };
  mapping: MappingEntry[];
  personalFields: PersonalFieldConfig[];
}

export const DEMO_DEFAULTS = { customers: 300, seed: 42 } as const;
export const MAX_DEMO_CUSTOMERS = 1_000_000;

/** BOB personal-field columns of the demo; XREGION deliberately has no CRM counterpart. */
export const DEMO_PERSONAL_FIELDS: readonly PersonalFieldConfig[] = [
  { column: 'XSECTOR', label: 'Sector' },
  { column: 'XACCMGR', label: 'Account manager' },
  { column: 'XREGION', label: 'Region' },
];

/** CRM custom fields of the demo; `comp_paymentterms` deliberately has no BOB counterpart. */
export const DEMO_CRM_FIELDS: readonly CrmField[] = [
  { name: 'comp_sector', caption: 'Sector', type: 'string' },
  { name: 'comp_accountmanager', caption: 'Account manager', type: 'string' },
  { name: 'comp_paymentterms', caption: 'Payment terms', type: 'string' },
];

/** Share of extra CRM-only companies, relative to the number of BOB customers. */
const CRM_ONLY_SHARE = 0.15;

/** Throws a usage error unless `customers` is an integer from 1 to 1,000,000 and `seed` a safe integer. */
export function checkDemoOptions(options: DemoOptions): void {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_DEMO_CUSTOMERS) {
    throw new BobsyncError('usage', `Expected \`--customers\` to be an integer from 1 to ${MAX_DEMO_CUSTOMERS}, got ${String(customers)}`, {
      hint: `for example --customers ${DEMO_DEFAULTS.customers}`,
    });
  }
  if (!Number.isSafeInteger(seed)) {
    throw new BobsyncError('usage', `Expected \`--seed\` to be an integer, got ${String(seed)}`, {
      hint: `for example --seed ${DEMO_DEFAULTS.seed}`,
    });
  }
}

/** Builds the demo data for `options`; the same options always give deep-equal data. */
export function generateDemoData(options: DemoOptions): DemoData {
  checkDemoOptions(options);
  return new DemoGenerator(options).run();
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

type BobKind =
  | 'match-same' // CRM company with the same VAT (other spelling) and the same data
  | 'match-form' // same VAT, values that differ only in form (case, BE1050, phone punctuation)
  | 'match-diff' // same VAT, values that really differ (BOB changed since)
  | 'linked-same' // mapping entry with both ids, no differences
  | 'linked-diff' // mapping entry with both ids, differences
  | 'linked-with-duplicate' // linked pair plus a second CRM company with the same VAT
  | 'no-sync-linked' // mapping entry with both ids and No sync
  | 'no-sync-bob' // mapping entry with the BOB id only and No sync
  | 'crm-duplicate' // two CRM companies with the BOB customer's VAT
  | 'near-name' // BOB without VAT, CRM with a near-identical name in the same postcode
  | 'no-crm' // BOB customer the CRM does not know
  | 'private-person' // CISPERS, no VAT
  | 'supplier' // CCUSTYPE 'U', CSUPTYPE 'S'
  | 'supplier-in-crm' // BOB supplier whose VAT a ticked CRM customer carries
  | 'customer-supplier' // both flags: a customer
  | 'invalid-vat' // BOB VAT with bad check digits
  | 'shared-vat' // two BOB customers with one VAT
  | 'foreign'; // NL, FR, LU or DE customer

type CrmKind =
  | 'c2b' // ticked, Customer, valid VAT, not in BOB: qualifies for CRM → BOB
  | 'c2b-foreign'
  | 'prospect' // comp_type Prospect (or Partner, Competitor)
  | 'unticked' // Customer with VAT, BobSync not ticked
  | 'crm-no-vat' // ticked Customer without VAT
  | 'crm-invalid-vat' // ticked Customer, VAT with bad check digits
  | 'crm-supplier' // comp_type Supplier
  | 'no-sync-crm'; // mapping entry with the CRM id only and No sync

interface BobStep {
  kind: BobKind;
  series?: 0 | 1;
  bobSpelling?: BelgianSpelling;
  crmSpelling?: BelgianSpelling;
  /** match-form: apply every form difference. */
  allForms?: boolean;
  /** Whether the scenario also has a CRM company, where that is optional. */
  withCrm?: boolean;
  country?: ForeignCountry;
  crmType?: string;
  crmUnticked?: boolean;
}

interface CrmStep {
  kind: CrmKind;
  series?: 0 | 1;
  country?: ForeignCountry;
}

/** Placed first (in this order of priority) so that even a small demo has one of each. */
const FORCED_BOB: readonly BobStep[] = [
  { kind: 'match-same', bobSpelling: 'plain', crmSpelling: 'prefixed-dotted' },
  { kind: 'match-form', allForms: true, bobSpelling: 'dotted', crmSpelling: 'plain' },
  { kind: 'match-diff', bobSpelling: 'plain', crmSpelling: 'old9' },
  { kind: 'linked-same' },
  { kind: 'linked-diff' },
  { kind: 'no-crm' },
  { kind: 'crm-duplicate' },
  { kind: 'near-name' },
  { kind: 'supplier' },
  { kind: 'private-person' },
  { kind: 'no-sync-linked' },
  { kind: 'no-sync-bob', withCrm: true },
  { kind: 'customer-supplier', withCrm: true },
  { kind: 'invalid-vat', withCrm: true },
  { kind: 'shared-vat', withCrm: true },
  { kind: 'match-same', series: 1, bobSpelling: 'spaced', crmSpelling: 'lower-dashed' },
  { kind: 'match-same', bobSpelling: 'old9', crmSpelling: 'prefixed-spaced' },
  { kind: 'match-diff', crmType: 'Prospect', crmSpelling: 'prefixed' },
  { kind: 'match-form', crmUnticked: true, crmSpelling: 'dotted' },
  { kind: 'foreign', country: 'NL', withCrm: true },
  { kind: 'foreign', country: 'FR', withCrm: true },
  { kind: 'foreign', country: 'LU', withCrm: true },
  { kind: 'foreign', country: 'DE', withCrm: true },
  { kind: 'supplier-in-crm' },
  { kind: 'linked-with-duplicate' },
  { kind: 'match-diff', bobSpelling: 'dotted', crmSpelling: 'prefixed-old9' },
];

const FORCED_CRM: readonly CrmStep[] = [
  { kind: 'c2b', series: 0 },
  { kind: 'prospect' },
  { kind: 'unticked' },
  { kind: 'c2b', series: 1 },
  { kind: 'crm-no-vat' },
  { kind: 'crm-invalid-vat' },
  { kind: 'crm-supplier' },
  { kind: 'no-sync-crm' },
  { kind: 'c2b-foreign' },
];

const BOB_KINDS: WeightedTable<BobKind> = weightedTable<BobKind>([
  ['match-same', 12], ['match-form', 12], ['match-diff', 14], ['linked-same', 5], ['linked-diff', 5],
  ['linked-with-duplicate', 0.5], ['no-sync-linked', 1], ['no-sync-bob', 1], ['crm-duplicate', 2],
  ['near-name', 2], ['no-crm', 20], ['private-person', 4], ['supplier', 6], ['supplier-in-crm', 0.7],
  ['customer-supplier', 3], ['invalid-vat', 1.5], ['shared-vat', 1], ['foreign', 4],
]);

const CRM_KINDS: WeightedTable<CrmKind> = weightedTable<CrmKind>([
  ['c2b', 34], ['c2b-foreign', 4], ['prospect', 22], ['unticked', 14], ['crm-no-vat', 9],
  ['crm-invalid-vat', 4], ['crm-supplier', 9], ['no-sync-crm', 4],
]);

const BOB_SPELLINGS = weightedTable<BelgianSpelling>([['plain', 55], ['dotted', 20], ['old9', 15], ['spaced', 10]]);
const CRM_SPELLINGS = weightedTable<BelgianSpelling>([
  ['prefixed', 30], ['prefixed-dotted', 20], ['plain', 12], ['dotted', 10], ['old9', 8], ['lower-dashed', 6],
  ['prefixed-spaced', 8], ['prefixed-old9', 6],
]);
const PHONE_STYLE_TABLE = weightedTable<PhoneStyle>([
  ['slash-dot', 30], ['spaced', 25], ['slash-space', 10], ['dotted', 8], ['compact', 8], ['intl', 12],
  ['intl-trunk', 4], ['double-zero', 3],
]);
const FORM_TABLES = {
  nl: weightedTable<string>(LEGAL_FORMS.nl),
  fr: weightedTable<string>(LEGAL_FORMS.fr),
};
const CONTACT_COUNTS = weightedTable<number>([[0, 20], [1, 45], [2, 25], [3, 10]]);
const OTHER_TYPES = weightedTable<string>([['Prospect', 85], ['Partner', 8], ['Competitor', 7]]);
const MOBILE_PREFIXES = ['460', '468', '470', '471', '472', '473', '474', '475', '476', '477', '478', '479',
  '483', '484', '485', '486', '487', '488', '489', '491', '492', '493', '494', '495', '496', '497', '498', '499'];
const FOREIGN_COUNTRIES: readonly ForeignCountry[] = ['NL', 'FR', 'LU', 'DE'];
const FOREIGN_SECTORS = ['Bouw', 'Transport & logistiek', 'Handel', 'Vrije beroepen', 'Voeding', 'Industrie'];
const FOREIGN_NSN_LENGTH: Record<ForeignCountry, number> = { NL: 9, FR: 9, LU: 8, DE: 10 };
/** Forms the 2019 company law renamed: a CRM that was not updated still shows the old one. */
const OLD_FORMS: Record<string, string> = { BV: 'BVBA', SRL: 'SPRL' };

const T_2016 = Date.UTC(2016, 0, 1);
const T_2022 = Date.UTC(2022, 0, 1);
const T_2024 = Date.UTC(2024, 0, 1);
const T_END = Date.UTC(2025, 5, 1);
/** Where the demo's history ends: nothing in it happened later (the state tables are dated then too). */
export const DEMO_HISTORY_ENDS = new Date(T_END);

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

interface Contact {
  firstName: string;
  lastName: string;
  title: string;
  /** Direct line; the CRM person's phone. */
  phone: PhoneNumber | null;
  mobile: PhoneNumber | null;
  email: string;
}

/** A third party as the real world knows it, before BOB or the CRM writes it down. */
interface Party {
  name: string;
  /** Name without legal form. */
  baseName: string;
  legalForm: string;
  address1: string;
  postcode: string;
  city: string;
  country: string;
  language: string;
  words: 'nl' | 'fr';
  region: string;
  /** Telephone area of the place, for new numbers. */
  area: string;
  phone: PhoneNumber | null;
  fax: PhoneNumber | null;
  email: string;
  website: string;
  /** Own internet domain, or empty. */
  domain: string;
  vat: DemoVat | null;
  sector: string;
  accountManager: string;
  paymentTerms: string;
  isPerson: boolean;
  contacts: Contact[];
}

/** How BOB writes a party down. */
interface BobLook {
  customer: boolean;
  supplier: boolean;
  vatSpelling: BelgianSpelling;
  postcodePrefix: boolean;
  upperName: boolean;
  upperCity: boolean;
  phoneStyle: PhoneStyle;
  modifiedOn: string;
  name2?: string;
  /** Replaces the party's VAT (a typo). */
  vat?: DemoVat;
}

/** How the CRM writes a party down. */
interface CrmLook {
  type: string;
  bobSync: boolean;
  vat: string;
  bobId?: string;
  status?: string;
  phoneStyle: PhoneStyle;
  /** `Info@…` instead of `info@…`. */
  emailCase?: boolean;
  noAddress?: boolean;
}

type Variant = 'same' | 'form' | 'diff';

class DemoGenerator {
  private readonly rng: Random;
  private readonly vats: VatFactory;
  private readonly thirdParties: BobThirdParty[] = [];
  private readonly contacts: BobContact[] = [];
  private readonly companies: CrmCompany[] = [];
  private readonly persons: CrmPerson[] = [];
  private readonly mapping: MappingEntry[] = [];
  private readonly usedCodes = new Set<string>();
  private readonly codeCounters = new Map<string, number>();
  private nextContactId = 1;
  private nextCrmId = 1;
  private nextAddressId = 1;
  private nextPersonId = 1;
  private customers = 0;

  constructor(private readonly options: DemoOptions) {
    this.rng = new Random(options.seed);
    this.vats = new VatFactory(this.rng);
  }

  run(): DemoData {
    const n = this.options.customers;
    const crmOnlyTarget = Math.round(n * CRM_ONLY_SHARE);
    // Forced BOB steps are spread over the first 80% of the steps: supplier steps add no customer and
    // only the rare shared-VAT step adds two, so the loop reaches them all before N customers exist.
    const forcedBob = spread(FORCED_BOB, n, Math.floor(n * 0.8));
    const forcedCrm = spread(FORCED_CRM, crmOnlyTarget, crmOnlyTarget);
    let step = 0;
    let crmOnly = 0;
    while (this.customers < n) {
      this.bobStep(forcedBob.get(step) ?? { kind: this.rng.weighted(BOB_KINDS) }, n - this.customers);
      step++;
      // CRM-only companies are interleaved so that CRM ids are not grouped by scenario
      const due = Math.floor((this.customers * crmOnlyTarget) / n);
      while (crmOnly < due) {
        this.crmStep(forcedCrm.get(crmOnly) ?? { kind: this.rng.weighted(CRM_KINDS) });
        crmOnly++;
      }
    }
    return {
      bob: { thirdParties: this.thirdParties, contacts: this.contacts },
      crm: { companies: this.companies, persons: this.persons, fields: DEMO_CRM_FIELDS.map((f) => ({ ...f })) },
      mapping: this.mapping,
      personalFields: DEMO_PERSONAL_FIELDS.map((f) => ({ ...f })),
    };
  }

  // -- scenarios ------------------------------------------------------------------------------

  private bobStep(step: BobStep, remaining: number): void {
    const rng = this.rng;
    switch (step.kind) {
      case 'match-same':
      case 'match-form':
      case 'match-diff': {
        const variant: Variant = step.kind === 'match-same' ? 'same' : step.kind === 'match-form' ? 'form' : 'diff';
        const party = this.belgianParty({ vat: true, series: step.series });
        const bobLook = this.bobLook(party, variant, step);
        this.addBob(party, bobLook);
        const crmParty = variant === 'diff' ? this.staleCopy(party) : party;
        this.addCrm(crmParty, this.crmLook(crmParty, variant, step, {
          type: step.crmType ?? (rng.chance(0.1) ? 'Prospect' : 'Customer'),
          bobSync: step.crmUnticked === true ? false : rng.chance(0.8),
        }, bobLook.phoneStyle));
        return;
      }
      case 'linked-same':
      case 'linked-diff':
      case 'linked-with-duplicate':
      case 'no-sync-linked': {
        const variant: Variant = step.kind === 'linked-same' ? 'same'
          : step.kind === 'linked-diff' ? 'diff' : rng.pick<Variant>(['same', 'diff']);
        const noSync = step.kind === 'no-sync-linked';
        const party = this.belgianParty({ vat: true, series: step.series });
        const linkedAt = this.isoBetween(T_2022, T_2024);
        const lastSyncAt = noSync ? '' : this.isoBetween(Date.parse(linkedAt), T_2024 + 200 * 86_400_000);
        // BOB changed after the last synchronisation exactly when the pair differs
        const modifiedOn = variant === 'same' || noSync
          ? this.isoBetween(T_2016, Date.parse(linkedAt))
          : this.isoBetween(Date.parse(lastSyncAt), T_END);
        const bobLook = { ...this.bobLook(party, variant, step), modifiedOn };
        const bobId = this.addBob(party, bobLook);
        const crmParty = variant === 'diff' ? this.staleCopy(party) : party;
        const look = this.crmLook(crmParty, variant, step, { type: 'Customer', bobSync: true, bobId }, bobLook.phoneStyle);
        // a linked pair needs no VAT on the CRM side: some earlier links were made by hand
        if (variant === 'diff' && rng.chance(0.2)) look.vat = '';
        const crmId = this.addCrm(crmParty, look);
        this.mapping.push({ bobId, crmId, noSync, linkedAt, lastSyncAt });
        if (step.kind === 'linked-with-duplicate') this.addDuplicate(party);
        return;
      }
      case 'no-sync-bob': {
        const party = this.belgianParty({ vat: true });
        const bobLook = this.bobLook(party, 'diff', step);
        const bobId = this.addBob(party, bobLook);
        this.mapping.push({ bobId, crmId: '', noSync: true, linkedAt: '', lastSyncAt: '' });
        if (step.withCrm ?? rng.chance(0.5)) {
          this.addCrm(party, this.crmLook(party, 'same', step, { type: 'Customer', bobSync: true }, bobLook.phoneStyle));
        }
        return;
      }
      case 'crm-duplicate': {
        const party = this.belgianParty({ vat: true, series: step.series });
        const bobLook = this.bobLook(party, 'same', step);
        this.addBob(party, bobLook);
        this.addCrm(party, this.crmLook(party, rng.pick<Variant>(['same', 'form']), step, {
          type: 'Customer', bobSync: rng.chance(0.7),
        }, bobLook.phoneStyle));
        this.addDuplicate(party);
        return;
      }
      case 'near-name': {
        const party = this.belgianParty({ vat: true, forceForm: true });
        // BOB knows the shop by its plain name and has no VAT number; the CRM has the full legal name
        const reversed = rng.chance(0.3);
        const bobParty: Party = { ...party, vat: null, name: reversed ? party.name : party.baseName };
        const crmParty: Party = { ...party, name: reversed ? party.baseName : party.name };
        if (rng.chance(0.4)) crmParty.vat = null;
        this.addBob(bobParty, this.bobLook(bobParty, 'same', step));
        this.addCrm(crmParty, this.crmLook(crmParty, 'same', step, { type: 'Customer', bobSync: rng.chance(0.5) }));
        return;
      }
      case 'no-crm': {
        const party = this.belgianParty({ vat: rng.chance(0.95), series: step.series });
        this.addBob(party, this.bobLook(party, 'diff', step));
        return;
      }
      case 'private-person': {
        const party = this.personParty();
        this.addBob(party, this.bobLook(party, 'diff', step));
        return;
      }
      case 'supplier':
      case 'supplier-in-crm': {
        const party = this.belgianParty({ vat: true, trades: SUPPLIER_TRADES });
        const bobLook: BobLook = { ...this.bobLook(party, 'diff', step), customer: false, supplier: true };
        this.addBob(party, bobLook);
        if (step.kind === 'supplier-in-crm') {
          this.addCrm(party, this.crmLook(party, 'same', step, { type: 'Customer', bobSync: true }, bobLook.phoneStyle));
        } else if (step.withCrm ?? rng.chance(0.3)) {
          this.addCrm(party, this.crmLook(party, 'same', step, { type: 'Supplier', bobSync: false }, bobLook.phoneStyle));
        }
        return;
      }
      case 'customer-supplier': {
        const party = this.belgianParty({ vat: true });
        const variant = rng.pick<Variant>(['same', 'diff']);
        const bobLook: BobLook = { ...this.bobLook(party, variant, step), supplier: true };
        this.addBob(party, bobLook);
        if (step.withCrm ?? rng.chance(0.5)) {
          const crmParty = variant === 'diff' ? this.staleCopy(party) : party;
          this.addCrm(crmParty, this.crmLook(crmParty, variant, step, { type: 'Customer', bobSync: true }, bobLook.phoneStyle));
        }
        return;
      }
      case 'invalid-vat': {
        const party = this.belgianParty({ vat: true });
        const typo = corruptBelgianVat(party.vat as DemoVat, rng);
        const bobLook: BobLook = { ...this.bobLook(party, 'same', step), vat: typo };
        this.addBob(party, bobLook);
        // the CRM has the number right: only the BOB side holds the typo
        if (step.withCrm ?? rng.chance(0.3)) {
          this.addCrm(party, this.crmLook(party, 'same', step, { type: 'Customer', bobSync: rng.chance(0.5) }, bobLook.phoneStyle));
        }
        return;
      }
      case 'shared-vat': {
        if (remaining < 2) {
          this.bobStep({ kind: 'no-crm' }, remaining);
          return;
        }
        const head = this.belgianParty({ vat: true });
        const branch = this.branchOf(head);
        const headLook = this.bobLook(head, 'same', step);
        this.addBob(head, headLook);
        this.addBob(branch.party, { ...this.bobLook(branch.party, 'diff', step), name2: branch.name2 });
        if (step.withCrm ?? rng.chance(0.5)) {
          this.addCrm(head, this.crmLook(head, 'same', step, { type: 'Customer', bobSync: true }, headLook.phoneStyle));
        }
        return;
      }
      case 'foreign': {
        const party = this.foreignParty(step.country ?? rng.pick(FOREIGN_COUNTRIES));
        const variant = rng.pick<Variant>(['same', 'form']);
        const bobLook = this.bobLook(party, variant, step);
        this.addBob(party, bobLook);
        if (step.withCrm ?? rng.chance(0.5)) {
          this.addCrm(party, this.crmLook(party, variant, step, { type: 'Customer', bobSync: rng.chance(0.8) }, bobLook.phoneStyle));
        }
        return;
      }
    }
  }

  private crmStep(step: CrmStep): void {
    const rng = this.rng;
    const style = rng.weighted(PHONE_STYLE_TABLE);
    const vatText = (party: Party): string => this.crmVatText(party.vat, undefined);
    switch (step.kind) {
      case 'c2b': {
        const party = this.belgianParty({ vat: true, series: step.series });
        this.addCrm(party, { type: 'Customer', bobSync: true, vat: vatText(party), phoneStyle: style });
        return;
      }
      case 'c2b-foreign': {
        const party = this.foreignParty(step.country ?? rng.pick(FOREIGN_COUNTRIES));
        this.addCrm(party, { type: 'Customer', bobSync: true, vat: vatText(party), phoneStyle: style });
        return;
      }
      case 'prospect': {
        const party = this.belgianParty({ vat: rng.chance(0.7) });
        this.addCrm(party, {
          type: rng.weighted(OTHER_TYPES), bobSync: rng.chance(0.3), vat: vatText(party), phoneStyle: style,
          status: rng.chance(0.05) ? 'Inactive' : 'Active', noAddress: rng.chance(0.05),
        });
        return;
      }
      case 'unticked': {
        const party = this.belgianParty({ vat: true });
        this.addCrm(party, {
          type: 'Customer', bobSync: false, vat: vatText(party), phoneStyle: style,
          status: rng.chance(0.1) ? 'Inactive' : 'Active',
        });
        return;
      }
      case 'crm-no-vat': {
        const party = this.belgianParty({ vat: false });
        this.addCrm(party, { type: 'Customer', bobSync: true, vat: '', phoneStyle: style });
        return;
      }
      case 'crm-invalid-vat': {
        const party = this.belgianParty({ vat: true });
        const typo = corruptBelgianVat(party.vat as DemoVat, rng);
        this.addCrm(party, { type: 'Customer', bobSync: true, vat: this.crmVatText(typo, undefined), phoneStyle: style });
        return;
      }
      case 'crm-supplier': {
        const party = this.belgianParty({ vat: true, trades: SUPPLIER_TRADES });
        this.addCrm(party, { type: 'Supplier', bobSync: rng.chance(0.2), vat: vatText(party), phoneStyle: style });
        return;
      }
      case 'no-sync-crm': {
        const party = this.belgianParty({ vat: true });
        const crmId = this.addCrm(party, { type: 'Customer', bobSync: true, vat: vatText(party), phoneStyle: style });
        this.mapping.push({ bobId: '', crmId, noSync: true, linkedAt: '', lastSyncAt: '' });
        return;
      }
    }
  }

  /** A second CRM company with the party's VAT (another spelling), a shorter name, often a prospect. */
  private addDuplicate(party: Party): void {
    const rng = this.rng;
    const duplicate: Party = {
      ...party,
      name: rng.chance(0.5) ? party.baseName : party.name.toUpperCase(),
      email: rng.chance(0.5) ? party.email : '',
      contacts: party.contacts.slice(0, 1),
    };
    if (rng.chance(0.5)) duplicate.address1 = this.streetAddress(party.words, party.language);
    this.addCrm(duplicate, {
      type: rng.chance(0.5) ? 'Prospect' : 'Customer',
      bobSync: rng.chance(0.5),
      vat: this.crmVatText(party.vat, undefined),
      phoneStyle: rng.weighted(PHONE_STYLE_TABLE),
    });
  }

  // -- how each side writes a party ------------------------------------------------------------

  private bobLook(party: Party, variant: Variant, step: BobStep): BobLook {
    const rng = this.rng;
    const look: BobLook = {
      customer: true,
      supplier: false,
      vatSpelling: step.bobSpelling ?? rng.weighted(BOB_SPELLINGS),
      postcodePrefix: false,
      upperName: false,
      upperCity: false,
      phoneStyle: rng.weighted(PHONE_STYLE_TABLE),
      modifiedOn: this.isoBetween(T_2016, T_END),
    };
    if (variant === 'form') {
      const all = step.allForms === true;
      // at least one form difference besides the phone punctuation, which crmLook always adds
      const forced = rng.int(0, 2);
      look.upperName = all || forced === 0 || rng.chance(0.4);
      look.postcodePrefix = party.country === 'BE' && (all || forced === 1 || rng.chance(0.4));
      look.upperCity = all || forced === 2 || rng.chance(0.3);
    } else if (variant === 'diff') {
      look.postcodePrefix = rng.chance(0.25);
      look.upperName = rng.chance(0.1);
    }
    return look;
  }

  /**
   * How the CRM writes the counterpart of a BOB record: same phone style as BOB (`bobStyle`) unless
   * the variant differs in form; the VAT number always in a spelling of its own.
   */
  private crmLook(party: Party, variant: Variant, step: BobStep,
    base: { type: string; bobSync: boolean; bobId?: string }, bobStyle?: PhoneStyle): CrmLook {
    const rng = this.rng;
    if (bobStyle === undefined) bobStyle = rng.weighted(PHONE_STYLE_TABLE);
    let phoneStyle = bobStyle;
    if (variant === 'form' || (variant === 'diff' && rng.chance(0.5))) {
      while (phoneStyle === bobStyle) phoneStyle = rng.weighted(PHONE_STYLE_TABLE);
    }
    return {
      ...base,
      vat: this.crmVatText(party.vat, step.crmSpelling),
      phoneStyle,
      emailCase: variant === 'form' && (step.allForms === true || rng.chance(0.3)),
    };
  }

  private crmVatText(vat: DemoVat | null, spelling: BelgianSpelling | undefined): string {
    if (vat === null) return '';
    if (vat.country !== 'BE') return spellForeignVat(vat, this.rng.chance(0.4));
    return spellBelgianVat(vat.national, spelling ?? this.rng.weighted(CRM_SPELLINGS));
  }

  /** Writes the party into BOB (third party and contacts); returns its new code. */
  private addBob(party: Party, look: BobLook): string {
    const id = this.allocateCode(party.name);
    const vat = look.vat ?? party.vat;
    let vatNo = '';
    if (vat !== null) vatNo = vat.country === 'BE' ? spellBelgianVat(vat.national, look.vatSpelling) : vat.national;
    const name = look.upperName ? party.name.toUpperCase() : party.name;
    this.thirdParties.push({
      id,
      isCustomer: look.customer,
      isSupplier: look.supplier,
      name: bobText(name, W.company.name),
      name2: bobText(look.name2 ?? '', W.company.name2),
      address1: bobText(party.address1, W.company.address1),
      address2: '',
      postcode: look.postcodePrefix ? party.country + party.postcode : party.postcode,
      locality: look.upperCity ? party.city.toUpperCase() : party.city,
      country: party.country,
      language: party.language,
      vatRef: vat === null ? '' : vat.country,
      vatNo,
      phone: party.phone === null ? '' : formatPhone(party.phone, look.phoneStyle),
      fax: party.fax === null ? '' : formatPhone(party.fax, look.phoneStyle),
      email: bobEmail(party.email, W.company.email),
      website: party.website.length <= W.company.website ? party.website : '',
      isPerson: party.isPerson,
      modifiedOn: look.modifiedOn,
      personal: { XSECTOR: party.sector, XACCMGR: party.accountManager, XREGION: party.region },
    });
    if (look.customer) this.customers++;
    for (const contact of party.contacts) {
      this.contacts.push({
        id: String(this.nextContactId++),
        companyId: id,
        lastName: bobText(contact.lastName, W.contact.lastName),
        firstName: bobText(contact.firstName, W.contact.firstName),
        title: bobText(contact.title, W.contact.title),
        phone: contact.phone === null ? '' : formatPhone(contact.phone, look.phoneStyle),
        mobile: contact.mobile === null ? '' : formatPhone(contact.mobile, look.phoneStyle),
        email: bobEmail(contact.email, W.contact.email),
        language: party.language,
      });
    }
    return id;
  }

  /** Writes the party into the CRM (company, address, persons); returns its new id. */
  private addCrm(party: Party, look: CrmLook): string {
    const id = String(this.nextCrmId++);
    this.companies.push({
      id,
      name: party.name,
      type: look.type,
      status: look.status ?? 'Active',
      website: party.website,
      email: look.emailCase === true ? capitalise(party.email) : party.email,
      phone: party.phone === null ? '' : formatPhone(party.phone, look.phoneStyle),
      bobSync: look.bobSync,
      vat: look.vat,
      bobId: look.bobId ?? '',
      address: look.noAddress === true ? null : {
        id: String(this.nextAddressId++),
        address1: party.address1,
        address2: '',
        postcode: party.postcode,
        city: party.city,
        country: party.country,
      },
      custom: {
        comp_sector: party.sector,
        comp_accountmanager: party.accountManager,
        comp_paymentterms: party.paymentTerms,
      },
    });
    for (const contact of party.contacts) {
      this.persons.push({
        id: String(this.nextPersonId++),
        companyId: id,
        firstName: contact.firstName,
        lastName: contact.lastName,
        title: contact.title,
        email: contact.email,
        phone: contact.phone === null ? '' : formatPhone(contact.phone, look.phoneStyle),
      });
    }
    return id;
  }

  /**
   * A unique BOB code derived from the name: up to 10 of A-Z0-9, a counter replacing the tail on
   * clashes. Counters are kept per shortened prefix, which many names share (`BAKKERIJ10`), so that
   * finding a free code stays cheap at hundreds of thousands of parties.
   */
  private allocateCode(name: string): string {
    const base = fold(name).toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10) || 'DEMO';
    if (!this.usedCodes.has(base)) {
      this.usedCodes.add(base);
      return base;
    }
    for (let digits = 1; digits < 10; digits++) {
      const prefix = base.slice(0, 10 - digits);
      const max = 10 ** digits - 1;
      let counter = Math.max(this.codeCounters.get(prefix) ?? 1, 10 ** (digits - 1));
      while (counter <= max) {
        const code = prefix + String(counter++);
        if (!this.usedCodes.has(code)) {
          this.codeCounters.set(prefix, counter);
          this.usedCodes.add(code);
          return code;
        }
      }
      this.codeCounters.set(prefix, counter);
    }
    throw new RangeError(`No free BOB code left for ${base}`);
  }

  // -- parties -----------------------------------------------------------------------------------

  private belgianParty(options: {
    vat: boolean; series?: 0 | 1 | undefined; trades?: readonly Trade[]; forceForm?: boolean;
  }): Party {
    const rng = this.rng;
    const place = rng.pick(PLACES);
    const language = place.language === 'B' ? (rng.chance(0.45) ? 'N' : 'F') : place.language;
    const words = language === 'N' ? 'nl' : 'fr';
    const families = language === 'D' ? FAMILY_NAMES.de : FAMILY_NAMES[words];
    const trade = rng.pick(options.trades ?? TRADES);
    const family = rng.pick(families);
    let legalForm = trade.nonProfit === true ? LEGAL_FORMS.nonProfit[words] : rng.weighted(FORM_TABLES[words]);
    if (options.forceForm === true && legalForm === '') legalForm = words === 'nl' ? 'BV' : 'SRL';
    let baseName = this.companyBaseName(trade, family, families, words);
    if (baseName.length + legalForm.length + 1 > 40) baseName = `${trade[words]} ${family}`;
    const name = legalForm === '' ? baseName : `${baseName} ${legalForm}`;
    const slug = slugify(baseName);
    const ownDomain = rng.chance(0.7);
    const domain = ownDomain ? `${rng.chance(0.3) ? slug.replace(/\./g, '-') : slug.replace(/\./g, '')}.be` : '';
    let email = '';
    if (ownDomain) email = `${rng.pick(COMPANY_MAILBOXES[words])}@${domain}`;
    else if (rng.chance(0.85)) email = `${slug}@${rng.pick(MAIL_PROVIDERS)}`;
    const party: Party = {
      name,
      baseName,
      legalForm,
      address1: this.streetAddress(words, language),
      postcode: place.postcode,
      city: cityOf(place, language),
      country: 'BE',
      language,
      words,
      region: place.region,
      area: place.area,
      phone: rng.chance(0.2) ? this.mobile() : rng.chance(0.97) ? this.landline(place.area) : null,
      fax: rng.chance(0.15) ? this.landline(place.area) : null,
      email,
      website: ownDomain && rng.chance(0.85) ? `www.${domain}` : '',
      domain,
      vat: options.vat ? this.vats.belgian(options.series) : null,
      sector: trade.sector,
      accountManager: rng.chance(0.9) ? rng.pick(ACCOUNT_MANAGERS) : '',
      paymentTerms: rng.pick(PAYMENT_TERMS),
      isPerson: false,
      contacts: [],
    };
    const count = rng.weighted(CONTACT_COUNTS);
    for (let i = 0; i < count; i++) party.contacts.push(this.contact(party, family, families));
    return party;
  }

  private companyBaseName(trade: Trade, family: string, families: readonly string[], words: 'nl' | 'fr'): string {
    const rng = this.rng;
    const word = trade[words];
    if (trade.nonProfit === true) return `${word} ${rng.pick(FANCY_NAMES[words])}`;
    if (trade.fancy === true && rng.chance(0.4)) return `${word} ${rng.pick(FANCY_NAMES[words])}`;
    if (trade.familyFirst === true) return `${family} ${word}`;
    if (trade.sector === 'Vrije beroepen' && rng.chance(0.4)) {
      let partner = rng.pick(families);
      if (partner === family) partner = rng.pick(families);
      return `${word} ${family} & ${partner}`;
    }
    return `${word} ${family}`;
  }

  private personParty(): Party {
    const rng = this.rng;
    const place = rng.pick(PLACES);
    const language = place.language === 'B' ? (rng.chance(0.45) ? 'N' : 'F') : place.language;
    const words = language === 'N' ? 'nl' : 'fr';
    const lastName = rng.pick(language === 'D' ? FAMILY_NAMES.de : FAMILY_NAMES[words]);
    const firstName = rng.pick(language === 'D' ? FIRST_NAMES.de : FIRST_NAMES[words]);
    return {
      // BOB lists private persons by family name first
      name: `${lastName} ${firstName}`,
      baseName: `${lastName} ${firstName}`,
      legalForm: '',
      address1: this.streetAddress(words, language),
      postcode: place.postcode,
      city: cityOf(place, language),
      country: 'BE',
      language,
      words,
      region: place.region,
      area: place.area,
      phone: rng.chance(0.7) ? this.mobile() : this.landline(place.area),
      fax: null,
      email: rng.chance(0.7) ? `${slugify(firstName)}.${slugify(lastName)}@${rng.pick(MAIL_PROVIDERS)}` : '',
      website: '',
      domain: '',
      vat: null,
      sector: 'Particulier',
      accountManager: rng.chance(0.5) ? rng.pick(ACCOUNT_MANAGERS) : '',
      paymentTerms: 'Contant',
      isPerson: true,
      contacts: [],
    };
  }

  private foreignParty(country: ForeignCountry): Party {
    const rng = this.rng;
    const data = FOREIGN[country];
    const [postcode, city, area] = rng.pick(data.places);
    const family = rng.pick(data.families);
    const trade = rng.pick(data.trades);
    const form = rng.pick(data.forms);
    const familyFirst = country === 'NL' || country === 'DE';
    const baseName = familyFirst ? `${family} ${trade}` : `${trade} ${family}`;
    const street = rng.pick(data.streets);
    const number = String(rng.int(1, 180));
    const slug = slugify(baseName).replace(/\./g, '');
    const domain = `${slug}.${data.tld}`;
    const party: Party = {
      name: `${baseName} ${form}`,
      baseName,
      legalForm: form,
      address1: country === 'FR' || country === 'LU' ? `${number}, ${street}` : `${street} ${number}`,
      postcode,
      city,
      country,
      language: data.language,
      words: data.language === 'N' ? 'nl' : 'fr',
      region: 'Buitenland',
      area,
      phone: { dial: data.dial, area, local: rng.digits(FOREIGN_NSN_LENGTH[country] - area.length) },
      fax: null,
      email: `${rng.pick(['info', 'contact', 'office'])}@${domain}`,
      website: `www.${domain}`,
      domain,
      vat: this.vats.foreign(country),
      sector: rng.pick(FOREIGN_SECTORS),
      accountManager: rng.pick(ACCOUNT_MANAGERS),
      paymentTerms: rng.pick(PAYMENT_TERMS),
      isPerson: false,
      contacts: [],
    };
    const count = rng.int(0, 2);
    const phone = party.phone as PhoneNumber;
    for (let i = 0; i < count; i++) {
      const firstName = rng.pick(data.firstNames);
      const lastName = rng.pick(data.families);
      party.contacts.push({
        firstName,
        lastName,
        title: rng.pick(JOB_TITLES[party.words]),
        phone: rng.chance(0.6) ? { ...phone, local: rng.digits(phone.local.length) } : null,
        mobile: null,
        email: `${slugify(firstName)}.${slugify(lastName)}@${domain}`,
      });
    }
    return party;
  }

  private contact(party: Party, family: string, families: readonly string[]): Contact {
    const rng = this.rng;
    const firstNames = party.language === 'D' ? FIRST_NAMES.de : FIRST_NAMES[party.words];
    const firstName = rng.pick(firstNames);
    // family businesses: the contact often carries the company's family name
    const lastName = rng.chance(0.5) ? family : rng.pick(families);
    let email = '';
    if (party.domain !== '') email = `${slugify(firstName)}.${slugify(lastName)}@${party.domain}`;
    else if (rng.chance(0.4)) email = `${slugify(firstName)}.${slugify(lastName)}@${rng.pick(MAIL_PROVIDERS)}`;
    return {
      firstName,
      lastName,
      title: rng.pick(JOB_TITLES[party.words]),
      phone: rng.chance(0.6) ? this.landline(party.area) : null,
      mobile: rng.chance(0.7) ? this.mobile() : null,
      email,
    };
  }

  /** Same company, same VAT: a branch at another address, kept under its own BOB code. */
  private branchOf(head: Party): { party: Party; name2: string } {
    const rng = this.rng;
    let place = rng.pick(PLACES);
    for (let i = 0; i < 5 && place.region !== head.region; i++) place = rng.pick(PLACES);
    const city = cityOf(place, head.language);
    const party: Party = {
      ...head,
      address1: this.streetAddress(head.words, head.language),
      postcode: place.postcode,
      city,
      area: place.area,
      region: place.region,
      phone: this.landline(place.area),
      fax: null,
      contacts: [],
    };
    return { party, name2: head.words === 'nl' ? `Vestiging ${city}` : `Succursale de ${city}` };
  }

  /**
   * What the CRM still holds about a party BOB has changed since: one to three real differences
   * (new phone number, moved, other e-mail, old legal form, no website, other account manager,
   * a contact the CRM lacks, a contact's new phone).
   */
  private staleCopy(party: Party): Party {
    const rng = this.rng;
    const stale: Party = { ...party, contacts: party.contacts.slice() };
    const changes: (() => void)[] = [
      () => { stale.phone = this.landline(party.area); },
      () => { stale.address1 = this.streetAddress(party.words, party.language); },
    ];
    if (party.email !== '') {
      changes.push(() => {
        stale.email = party.domain !== '' ? `${rng.pick(['office', 'admin', 'mail'])}@${party.domain}`
          : `${slugify(party.baseName)}@${rng.pick(MAIL_PROVIDERS)}`;
        if (stale.email === party.email) stale.email = '';
      });
    }
    const oldForm = OLD_FORMS[party.legalForm];
    if (oldForm !== undefined) changes.push(() => { stale.name = `${party.baseName} ${oldForm}`; });
    if (party.website !== '') changes.push(() => { stale.website = ''; });
    changes.push(() => {
      const others = ACCOUNT_MANAGERS.filter((m) => m !== party.accountManager);
      stale.accountManager = rng.pick(others);
    });
    if (party.contacts.length > 0) {
      changes.push(() => { stale.contacts.splice(rng.int(0, stale.contacts.length - 1), 1); });
      changes.push(() => {
        const first = stale.contacts[0];
        if (first !== undefined) stale.contacts[0] = { ...first, phone: this.landline(party.area) };
      });
    }
    rng.shuffle(changes);
    const count = rng.int(1, 3);
    for (let i = 0; i < count && i < changes.length; i++) (changes[i] as () => void)();
    return stale;
  }

  // -- small parts -------------------------------------------------------------------------------

  private streetAddress(words: 'nl' | 'fr', language: string): string {
    const rng = this.rng;
    const street = rng.pick(language === 'D' ? STREETS.de : STREETS[words]);
    let number = String(rng.chance(0.6) ? rng.int(1, 30) : rng.int(31, 250));
    const suffix = rng.next();
    if (suffix < 0.08) number += rng.pick(['A', 'B']);
    else if (suffix < 0.16) number += words === 'nl' ? ` bus ${rng.int(1, 12)}` : ` bte ${rng.int(1, 12)}`;
    return `${street} ${number}`;
  }

  private landline(area: string): PhoneNumber {
    return { dial: '32', area, local: String(this.rng.int(2, 9)) + this.rng.digits(7 - area.length) };
  }

  private mobile(): PhoneNumber {
    return { dial: '32', area: this.rng.pick(MOBILE_PREFIXES), local: this.rng.digits(6) };
  }

  private isoBetween(from: number, to: number): string {
    const seconds = Math.floor((this.rng.next() * Math.max(0, to - from)) / 1000);
    return new Date(from + seconds * 1000).toISOString();
  }
}

/** Positions of the forced steps: spread over `span` slots, at most `slots` of them. */
function spread<T>(list: readonly T[], slots: number, span: number): Map<number, T> {
  const count = Math.min(list.length, slots);
  const width = Math.max(span, count);
  const positions = new Map<number, T>();
  for (let k = 0; k < count; k++) positions.set(Math.floor((k * width) / count), list[k] as T);
  return positions;
}

function cityOf(place: Place, language: string): string {
  return language === 'F' && place.cityFr !== undefined ? place.cityFr : place.city;
}

/** Without accents (é → e, ß → ss). */
/**
 * Text as BOB holds it: BOB's screens take no more than the column's width (the rest of a
 * `Verantwoordelijke administratie` stays in the CRM only).
 */
function bobText(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width).trimEnd();
}

/** An e-mail address longer than BOB's column cannot be in BOB at all (a cut one would be wrong). */
function bobEmail(email: string, width: number): string {
  return email.length <= width ? email : '';
}

function fold(text: string): string {
  // most names are plain ASCII: skip the costly normalisation for them
  if (ASCII.test(text)) return text;
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
}

const ASCII = /^[\x20-\x7e]*$/;

/** Lower-case ASCII words joined by dots, for e-mail addresses and domains: `bakkerij.peeters`. */
function slugify(text: string): string {
  return fold(text).toLowerCase().replace(/['’&]/g, '').replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '');
}

function capitalise(text: string): string {
  return text === '' ? text : text[0]?.toUpperCase() + text.slice(1);
}
