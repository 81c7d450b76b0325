/**
 * Opens the sources named in the configuration: the BOB database (with the state store in it) and
 * the CRM (a real Sage CRM over REST, or the simulator started in process on a free loopback port
 * and reached through the same REST client). `close()` releases everything, also after a failure.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Config } from '../config/types.js';
import { startSimulator } from '../crm-sim/server.js';
import { BobsyncError } from '../errors.js';
import { createBobPort, type BobPort } from '../sources/bob/bob-port.js';
import type { SqlExecutor } from '../sources/bob/executor.js';
import { openBob } from '../sources/bob/open-bob.js';
import type { CrmPort } from '../sources/crm/crm-port.js';
import { createRestClient } from '../sources/crm/rest-client.js';
import type { StatePort } from '../sources/state/state-port.js';
import { createStateStore } from '../sources/state/state-store.js';

/** The BOB database open: its port and the state store in it. */
export interface OpenedBob {
  bob: BobPort;
  state: StatePort;
  close(): Promise<void>;
}

/** What a use case needs to open the BOB database (tests pass their own `openBob`). */
export interface BobSourceDeps {
  config: Config;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Default: `openBobAndState`, the configured BOB database with the state store in it. */
  openBob?: (config: Config, env: NodeJS.ProcessEnv, now: () => Date) => Promise<OpenedBob>;
}

export interface OpenedCrm {
  crm: CrmPort;
  close(): Promise<void>;
}

/** Opens the BOB database and migrates the state tables (idempotent; `now` dates a new schema version). */
export async function openBobAndState(config: Config, env: NodeJS.ProcessEnv, now: () => Date): Promise<OpenedBob> {
  return bobAndStateOn(await openBob(config.bob, env), config, now);
}

/**
 * The BOB port and the migrated state store over an executor already open (closed by `close()`,
 * also when this fails): what `openBobAndState` does once the configured database is open.
 */
export async function bobAndStateOn(db: SqlExecutor, config: Config, now: () => Date): Promise<OpenedBob> {
  try {
    const state = createStateStore(db, config.statePrefix, config.stateSchema);
    await state.migrate(now());
    const bob = createBobPort(db, config.bobSchema, config.personalFields.map((field) => field.column));
    return { bob, state, close: () => db.close() };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** Opens the CRM: the simulator in process for `sim`, a real Sage CRM for `rest`. */
export async function openCrm(config: Config, env: NodeJS.ProcessEnv): Promise<OpenedCrm> {
  if (config.crm.driver === 'sim') {
    if (!existsSync(config.crm.file)) {
      throw new BobsyncError('missing-input', `CRM simulator database not found: ${config.crm.file}`, {
        hint: 'check "crm.file" in the configuration or run `bobsync demo`',
      });
    }
    // A fresh password per start: the in-process simulator is reachable only by this process.
    const user = 'bobsync';
    const password = randomBytes(12).toString('hex');
    const sim = await startSimulator({ file: config.crm.file, port: 0, user, password });
    const crm = createRestClient({ url: sim.url, user, password, schema: config.crmSchema, concurrency: 8 });
    return {
      crm,
      close: async () => {
        await crm.close().catch(() => undefined);
        await sim.close();
      },
    };
  }
  const { userEnv, passwordEnv } = config.crm;
  const user = env[userEnv];
  const password = env[passwordEnv];
  for (const [name, value] of [[userEnv, user], [passwordEnv, password]] as const) {
    if (!value) {
      throw new BobsyncError('config', `environment variable ${name} is not set`, {
        hint: `set ${name} to the Sage CRM ${name === userEnv ? 'user name' : 'password'} (the configuration names it in "crm.${name === userEnv ? 'userEnv' : 'passwordEnv'}")`,
      });
    }
  }
  const crm = createRestClient({
    url: config.crm.url,
    user: user!,
    password: password!,
    schema: config.crmSchema,
    concurrency: config.crm.concurrency,
    timeoutMs: config.crm.timeoutMs,
    retries: config.crm.retries,
    pageSize: config.crm.pageSize,
  });
  return { crm, close: () => crm.close() };
}
