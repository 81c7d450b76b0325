/**
 * Reads the CRM side of an analysis (custom fields, every company with its address, every person)
 * in a worker thread (`crm-read-worker.ts`) while the calling thread reads BOB. The pages arrive as
 * plain objects: receiving them costs a fraction of fetching, decoding and mapping them.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/types.js';
import type { AnalysisInput } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { internCompany, internPerson } from '../sources/crm/crm-dto.js';
import type { FromCrmReader } from './crm-read-protocol.js';

export interface CrmRead {
  crm: AnalysisInput['crm'];
  /** The CRM as reports name it (its base URL, no credentials). */
  description: string;
}

/** Starts the reading; `cancel` stops the thread (when the caller fails first). */
export function readCrmInThread(config: Config, env: NodeJS.ProcessEnv): { result: Promise<CrmRead>; cancel(): Promise<void> } {
  // Only plain data crosses: the environment as strings.
  const plainEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') plainEnv[name] = value;
  const worker = new Worker(new URL('./crm-read-worker.js', import.meta.url), { workerData: { config, env: plainEnv } });
  // What has arrived so far; let go once settled.
  let received: AnalysisInput['crm'] | null = { companies: [], persons: [], fields: [] };
  const result = new Promise<CrmRead>((resolve, reject) => {
    const settle = (fn: (crm: AnalysisInput['crm']) => void): void => {
      if (received === null) return;
      const crm = received;
      received = null;
      // The Worker object outlives this call until the thread has exited (after the engine, in
      // `analyse`), and its listeners would keep this scope and, through `resolve`, everything read
      // alive: a heap snapshot showed the whole CRM side kept through the writing of the workbook.
      worker.removeAllListeners();
      worker.on('error', ignore);
      fn(crm);
      void worker.terminate();
    };
    worker.on('message', (message: FromCrmReader) => {
      if (received === null) return;
      switch (message.kind) {
        case 'fields':
          received.fields = message.fields;
          break;
        // Cloning between threads copies every string: the repeating ones are shared here, where they are kept.
        case 'companies':
          for (const company of message.page) received.companies.push(internCompany(company));
          break;
        case 'persons':
          for (const person of message.page) received.persons.push(internPerson(person));
          break;
        case 'end':
          settle((crm) => resolve({ crm, description: message.description }));
          break;
        case 'error':
          settle(() => reject(new BobsyncError(message.code, message.message, message.hint === '' ? {} : { hint: message.hint })));
          break;
      }
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new BobsyncError('internal', `the CRM reader stopped (exit code ${code}) before the end of the feeds`))));
  });
  result.catch(() => undefined); // the caller awaits it when it is ready for it; until then a failure waits
  return {
    result,
    async cancel() {
      await worker.terminate();
    },
  };
}

/** Declared out here so that it holds on to no scope of `readCrmInThread`. */
function ignore(): void {}
