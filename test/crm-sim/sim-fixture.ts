/** Builders and a temporary simulator for the CRM client and simulator tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CrmCompany, CrmField, CrmPerson } from '../../src/engine/model.js';
import { seedSimDatabase } from '../../src/crm-sim/seed.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/crm-sim/server.js';

export function aCrmCompany(overrides: Partial<CrmCompany> = {}): CrmCompany {
  return {
    id: '',
    name: 'Brasserie Dupont',
    type: 'Customer',
    status: 'Active',
    website: 'https://dupont.example',
    email: 'info@dupont.example',
    phone: '+32 2 123 45 67',
    bobSync: true,
    vat: 'BE0403019261',
    bobId: '',
    address: { id: '', address1: 'Rue Haute 1', address2: '', postcode: '1000', city: 'Bruxelles', country: 'BE' },
    custom: {},
    ...overrides,
  };
}

export function aCrmPerson(overrides: Partial<CrmPerson> = {}): CrmPerson {
  return { id: '', companyId: '1', firstName: 'Anne', lastName: 'Peeters', title: 'CFO', email: 'anne@dupont.example', phone: '', ...overrides };
}

/** A deterministic uniform [0, 1) source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TempSimulator extends RunningSimulator {
  file: string;
  dir: string;
}

/** A temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A simulator on a fresh seeded file in a temporary folder; `close()` also removes the folder. */
export async function startTempSimulator(
  data: { companies?: CrmCompany[]; persons?: CrmPerson[]; fields?: CrmField[] } = {},
  options: Omit<SimulatorOptions, 'file'> = {},
): Promise<TempSimulator> {
  const { dir, remove } = tempDir();
  const file = path.join(dir, 'crm.sqlite');
  seedSimDatabase(file, { companies: data.companies ?? [], persons: data.persons ?? [], fields: data.fields ?? [] });
  const simulator = await startSimulator({ file, ...options });
  return {
    ...simulator,
    file,
    dir,
    async close() {
      await simulator.close();
      remove();
    },
  };
}
