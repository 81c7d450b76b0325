/**
 * `bobsync demo`: writes a demo environment into a folder — an embedded BOB database with the
 * mapping table, a CRM simulator database and a configuration that points at both (relative paths,
 * so the folder can be moved). Each file is written under a temporary name and renamed at the end,
 * so a failure leaves no half-written environment.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultBobSchema } from '../config/defaults.js';
import { seedSimDatabase } from '../crm-sim/seed.js';
import type { MappingEntry } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { createBobDatabase } from '../sources/bob/create-bob-database.js';
import { openSqliteExecutor } from '../sources/bob/sqlite-executor.js';
import { createStateStore } from '../sources/state/state-store.js';
import { checkDemoOptions, DEMO_DEFAULTS, DEMO_HISTORY_ENDS, generateDemoData, type DemoData } from './generate-demo-data.js';

/** File names of a demo environment inside its folder. */
export const DEMO_FILES = { bob: 'bob.sqlite', crm: 'crm.sqlite', config: 'bobsync.config.json' } as const;

type DemoFile = keyof typeof DEMO_FILES;
const FILE_KEYS: readonly DemoFile[] = ['bob', 'crm', 'config'];
/** SQLite's companions of a database file, which belong to it. */
const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'];
/** upsertMapping checks each entry against the batch; small batches keep that cheap. */
const MAPPING_BATCH = 1_000;

export interface CreateDemoOptions {
  dir: string;
  /** Default 300. */
  customers?: number;
  /** Default 42. */
  seed?: number;
  /** Replace the demo files already in `dir` (and nothing else). */
  force?: boolean;
}

export interface DemoSummary {
  /** Absolute folder. */
  dir: string;
  customers: number;
  seed: number;
  /** Absolute paths of the files written. */
  files: Record<DemoFile, string>;
  counts: {
    /** Third parties with CCUSTYPE 'C' (including those that are suppliers too). */
    bobCustomers: number;
    /** Third parties that are suppliers only. */
    bobSuppliers: number;
    bobContacts: number;
    crmCompanies: number;
    crmPersons: number;
    mappingEntries: number;
  };
}

/**
 * Writes `bob.sqlite`, `crm.sqlite` and `bobsync.config.json` into `options.dir` (created if
 * missing). Refuses a folder that already holds one of them unless `force`, which deletes those
 * three files (with their SQLite companions) and nothing else. Same customers and seed, same data.
 */
export async function createDemo(options: CreateDemoOptions): Promise<DemoSummary> {
  const customers = options.customers ?? DEMO_DEFAULTS.customers;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  checkDemoOptions({ customers, seed });
  const dir = path.resolve(options.dir);
  const files = mapFiles((key) => path.join(dir, DEMO_FILES[key]));
  const temp = mapFiles((key) => path.join(dir, `.${DEMO_FILES[key]}.partial`));

  prepareFolder(dir, files, options.force === true);
  const data = generateDemoData({ customers, seed });

  discardFiles(temp); // left behind by an interrupted earlier run
  try {
    createBobDatabase(temp.bob, defaultBobSchema(), data.bob, data.personalFields.map((field) => field.column));
    await writeMapping(temp.bob, data.mapping);
    seedSimDatabase(temp.crm, data.crm);
    writeFileSync(temp.config, `${JSON.stringify(demoConfig(data), null, 2)}\n`);
    // the configuration last: when it is there, both databases are complete
    for (const key of FILE_KEYS) renameSync(temp[key], files[key]);
  } catch (error) {
    discardFiles(temp);
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('cannot-write', `cannot create the demo environment in ${dir}`, {
      hint: 'check that the folder may be written and that the disk is not full',
      cause: error,
    });
  }

  return { dir, customers, seed, files, counts: countDemoData(data) };
}

/** The counts a summary shows for demo data. */
export function countDemoData(data: DemoData): DemoSummary['counts'] {
  let bobCustomers = 0;
  let bobSuppliers = 0;
  for (const party of data.bob.thirdParties) {
    if (party.isCustomer) bobCustomers++;
    else if (party.isSupplier) bobSuppliers++;
  }
  return {
    bobCustomers,
    bobSuppliers,
    bobContacts: data.bob.contacts.length,
    crmCompanies: data.crm.companies.length,
    crmPersons: data.crm.persons.length,
    mappingEntries: data.mapping.length,
  };
}

function prepareFolder(dir: string, files: Record<DemoFile, string>, force: boolean): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new BobsyncError('cannot-write', `cannot create the folder ${dir}`, {
      hint: 'choose another --dir, or check the permissions of its parent folder',
      cause: error,
    });
  }
  const present = FILE_KEYS.filter((key) => existsSync(files[key]));
  if (present.length === 0) return;
  if (!force) {
    throw new BobsyncError('cannot-write', `${dir} already holds a demo environment`, {
      hint: 'use --force to replace it or choose another --dir',
    });
  }
  try {
    removeFiles(files);
  } catch (error) {
    throw new BobsyncError('cannot-write', `cannot replace the demo environment in ${dir}`, {
      hint: 'close the programs that use its files (a running crm-sim?) and try again',
      cause: error,
    });
  }
}

/** Deletes the files and the SQLite companions of the two databases; missing files are fine. */
function removeFiles(files: Record<DemoFile, string>): void {
  for (const key of FILE_KEYS) {
    rmSync(files[key], { force: true });
    // A stale -wal next to a new database file would be replayed into it.
    if (key !== 'config') for (const suffix of SQLITE_SIDECARS) rmSync(files[key] + suffix, { force: true });
  }
}

/** Best-effort removal of temporary files: what cannot be removed is reported by the next step. */
function discardFiles(files: Record<DemoFile, string>): void {
  for (const key of FILE_KEYS) {
    for (const suffix of ['', ...(key === 'config' ? [] : SQLITE_SIDECARS)]) {
      try {
        rmSync(files[key] + suffix, { force: true });
      } catch {
        // e.g. a folder of that name: createBobDatabase or seedSimDatabase will refuse it
      }
    }
  }
}

async function writeMapping(bobFile: string, entries: MappingEntry[]): Promise<void> {
  const executor = openSqliteExecutor(bobFile);
  try {
    const state = createStateStore(executor, 'BSY_');
    // Dated in the demo's own history, so that the same seed gives the same database.
    await state.migrate(DEMO_HISTORY_ENDS);
    for (let start = 0; start < entries.length; start += MAPPING_BATCH) {
      await state.upsertMapping(entries.slice(start, start + MAPPING_BATCH));
    }
  } finally {
    await executor.close();
  }
}

function demoConfig(data: DemoData): unknown {
  return {
    bob: { driver: 'sqlite', file: DEMO_FILES.bob },
    crm: { driver: 'sim', file: DEMO_FILES.crm },
    personalFields: data.personalFields.map(({ column, label }) => ({ column, label })),
    lang: 'nl',
  };
}

function mapFiles(fn: (key: DemoFile) => string): Record<DemoFile, string> {
  return { bob: fn('bob'), crm: fn('crm'), config: fn('config') };
}
