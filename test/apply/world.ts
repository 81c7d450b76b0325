/**
 * A small real world for the import and apply tests: an embedded BOB database (SQLite) with the
 * state store in it, a CRM simulator file reached through the real REST client over loopback, a
 * configuration, and an "analyse" that builds, exports and registers a proposal the way the
 * command does. Faults (fail after N requests) are injected per run through `openCrm`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { OpenedBob, OpenedCrm } from '../../src/app/open-sources.js';
import { registrationRecords } from '../../src/app/proposal-registration.js';
import type { ImportDeps } from '../../src/app/run-import.js';
import { processHost } from '../../src/cli/io.js';
import { defaultBobSchema } from '../../src/config/defaults.js';
import { resolveConfig } from '../../src/config/load-config.js';
import type { Config, Lang } from '../../src/config/types.js';
import { seedSimDatabase } from '../../src/crm-sim/seed.js';
import { startSimulator, type SimulatorOptions } from '../../src/crm-sim/server.js';
import { buildProposal } from '../../src/engine/build-proposal.js';
import type {
  AnalysisInput,
  BobContact,
  BobThirdParty,
  CrmCompany,
  CrmField,
  CrmPerson,
  MappingEntry,
  PersonalFieldConfig,
  Proposal,
} from '../../src/engine/model.js';
import { writeProposal } from '../../src/export/write-proposal.js';
import { createBobPort } from '../../src/sources/bob/bob-port.js';
import { createBobDatabase } from '../../src/sources/bob/create-bob-database.js';
import { openSqliteExecutor } from '../../src/sources/bob/sqlite-executor.js';
import type { CrmPort } from '../../src/sources/crm/crm-port.js';
import { createRestClient } from '../../src/sources/crm/rest-client.js';
import type { StatePort } from '../../src/sources/state/state-port.js';
import { createStateStore } from '../../src/sources/state/state-store.js';
import { SUMMARY_LABELS, YES } from '../../templates/columns.js';

const USER = 'bobsync';
/** When the world's state tables say they were created. */
const MIGRATED_AT = new Date('2025-03-01T09:00:00Z');
const PASSWORD = 'test-password';

export interface WorldData {
  parties: BobThirdParty[];
  contacts?: BobContact[];
  companies: CrmCompany[];
  persons?: CrmPerson[];
  fields?: CrmField[];
  personalFields?: PersonalFieldConfig[];
  mapping?: MappingEntry[];
}

export interface World {
  dir: string;
  bobFile: string;
  simFile: string;
  config: Config;
  /** The world's own clock: it moves on by a second at every reading, so exports, runs and journal entries are ordered. */
  clock(): Date;
  cleanup(): void;
}

/** Creates the BOB database, the simulator file and the configuration in a fresh temporary folder. */
export async function createWorld(data: WorldData): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  const bobFile = path.join(dir, 'bob.sqlite');
  const simFile = path.join(dir, 'crm.sqlite');
  const personalFields = data.personalFields ?? [];
  createBobDatabase(bobFile, defaultBobSchema(), { thirdParties: data.parties, contacts: data.contacts ?? [] }, personalFields.map((f) => f.column));
  // The simulator numbers addresses itself (Sage CRM ids are numbers).
  const companies = data.companies.map((c) => ({ ...c, address: c.address === null ? null : { ...c.address, id: '' } }));
  seedSimDatabase(simFile, { companies, persons: data.persons ?? [], fields: data.fields ?? [] });
  const config = resolveConfig(
    { bob: { driver: 'sqlite', file: 'bob.sqlite' }, crm: { driver: 'sim', file: 'crm.sqlite' }, personalFields, lang: 'en' },
    path.join(dir, 'bobsync.config.json'),
  );
  let tick = 0;
  const clock = (): Date => new Date(Date.UTC(2025, 2, 1, 10, 0, tick++));
  const world: World = { dir, bobFile, simFile, config, clock, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  if (data.mapping !== undefined && data.mapping.length > 0) await withState(world, (state) => state.upsertMapping(data.mapping!));
  return world;
}

/** Opens the BOB database with its state store (migrated). */
export async function openWorldBob(world: World): Promise<OpenedBob> {
  const db = openSqliteExecutor(world.bobFile);
  const state = createStateStore(db, world.config.statePrefix);
  await state.migrate(MIGRATED_AT);
  const bob = createBobPort(db, world.config.bobSchema, world.config.personalFields.map((f) => f.column));
  return { bob, state, close: () => db.close() };
}

/** Runs one statement on the world's BOB database, as BOB's own users would change it. */
export async function executeOnBob(world: World, sql: string): Promise<void> {
  const db = openSqliteExecutor(world.bobFile);
  try {
    await db.execute(sql);
  } finally {
    await db.close();
  }
}

/** An `openCrm` for runImport: the simulator on the world's file, with the given faults. */
export function simOpener(world: World, faults: Partial<SimulatorOptions> = {}): () => Promise<OpenedCrm> {
  return async () => {
    const sim = await startSimulator({ file: world.simFile, port: 0, user: USER, password: PASSWORD, ...faults });
    const crm = createRestClient({
      url: sim.url,
      user: USER,
      password: PASSWORD,
      schema: world.config.crmSchema,
      concurrency: 4,
      retries: 1,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
    });
    return {
      crm,
      close: async () => {
        await crm.close().catch(() => undefined);
        await sim.close();
      },
    };
  };
}

/** Runs `fn` with the world's state store. */
export async function withState<T>(world: World, fn: (state: StatePort) => Promise<T>): Promise<T> {
  const opened = await openWorldBob(world);
  try {
    return await fn(opened.state);
  } finally {
    await opened.close();
  }
}

/** Runs `fn` with a healthy CRM client on the world's simulator. */
export async function withCrm<T>(world: World, fn: (crm: CrmPort) => Promise<T>): Promise<T> {
  const opened = await simOpener(world)();
  try {
    return await fn(opened.crm);
  } finally {
    await opened.close();
  }
}

/** Everything both sides and the state hold now. */
export async function readWorld(world: World): Promise<AnalysisInput> {
  const opened = await openWorldBob(world);
  try {
    const bob = await opened.bob.read();
    const crm = await withCrm(world, async (client) => {
      const companies: CrmCompany[] = [];
      const persons: CrmPerson[] = [];
      for await (const page of client.companies()) companies.push(...page);
      for await (const page of client.persons()) persons.push(...page);
      return { companies, persons, fields: await client.companyFields() };
    });
    return {
      bob,
      crm,
      mapping: await opened.state.mapping(),
      personalFields: world.config.personalFields,
      personalFieldSettings: await opened.state.personalFieldSettings(),
    };
  } finally {
    await opened.close();
  }
}

let counter = 0;

/** What `analyse` does: read both sides, build, export and register the proposal. Returns the workbook path. */
export async function analyse(
  world: World,
  options: { lang?: Lang; format?: 'xlsx' | 'csv'; name?: string } = {},
): Promise<{ path: string; proposalId: string; proposal: Proposal }> {
  const lang = options.lang ?? 'en';
  const format = options.format ?? 'xlsx';
  const input = await readWorld(world);
  const proposal = buildProposal(input, { customerType: world.config.crmSchema.customerType });
  counter += 1;
  const proposalId = `P20250301-10000${counter}-abcd`;
  const target = path.join(world.dir, options.name ?? (format === 'xlsx' ? `proposal-${counter}.xlsx` : `proposal-${counter}`));
  const createdAt = world.clock().toISOString();
  const written = await writeProposal(
    proposal,
    {
      proposalId,
      createdAt,
      createdBy: 'exporter',
      lang,
      bobDescription: world.bobFile,
      crmDescription: 'simulator',
      crmFields: input.crm.fields,
      csvDelimiter: ';',
    },
    { format, path: target },
  );
  await withState(world, (state) =>
    state.registerProposal(
      {
        id: proposalId,
        createdAt,
        createdBy: 'exporter',
        format,
        lang,
        fileSha256: written.fileSha256,
        metaSha256: written.metaSha256,
        outputPath: target,
        status: 'open',
        appliedRun: '',
      },
      registrationRecords(proposalId, written.rows),
    ),
  );
  await written.commit();
  return { path: target, proposalId, proposal };
}

/** Sets the Summary's confirmation to Yes (and Reviewed by) in an exported xlsx. */
export async function confirm(file: string, lang: Lang = 'en', reviewer = 'Reviewer'): Promise<void> {
  await editWorkbook(file, (workbook) => {
    const summary = workbook.worksheets[0]!;
    summary.eachRow((row) => {
      const label = String(row.getCell(1).value ?? '');
      if (label === SUMMARY_LABELS.confirm[lang]) row.getCell(2).value = YES[lang];
      if (label === SUMMARY_LABELS.reviewedBy[lang]) row.getCell(2).value = reviewer;
    });
  });
}

/** Edits an xlsx in memory (small test files only) and saves it in place. */
export async function editWorkbook(file: string, edit: (workbook: ExcelJS.Workbook) => void): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  edit(workbook);
  await workbook.xlsx.writeFile(file);
}

/** Import dependencies for the world: its config, a fixed clock and user, the simulator with `faults`. */
export function importDeps(world: World, faults: Partial<SimulatorOptions> = {}, user = 'tester'): ImportDeps {
  return {
    config: world.config,
    env: {},
    // A clock that moves, so journal and run times are ordered.
    now: world.clock,
    user,
    host: processHost(),
    openBob: () => openWorldBob(world),
    openCrm: simOpener(world, faults),
    concurrency: 4,
  };
}
