/**
 * Reads the CRM side of an analysis (custom fields, every company with its address, every person)
 * in a worker thread (`crm-read-worker.ts`) while the calling thread reads BOB. The pages arrive as
 * plain objects: receiving them costs a fraction of fetching, decoding and mapping them.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/types.js';
import type { AnalysisInput, CrmCompany, CrmField, CrmPerson } from '../engine/model.js';
import { BobsyncError, type ErrorCode } from '../errors.js';

export type FromCrmReader =
  | { kind: 'fields'; fields: CrmField[] }
  | { kind: 'companies'; page: CrmCompany[] }
  | { kind: 'persons'; page: CrmPerson[] }
  | { kind: 'end'; description: string }
  | { kind: 'error'; code: ErrorCode; message: string; hint: string };

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
  const companies: CrmCompany[] = [];
  const persons: CrmPerson[] = [];
  let fields: CrmField[] = [];
  const result = new Promise<CrmRead>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: FromCrmReader) => {
      switch (message.kind) {
        case 'fields':
          fields = message.fields;
          break;
        case 'companies':
          for (const company of message.page) companies.push(company);
          break;
        case 'persons':
          for (const person of message.page) persons.push(person);
          break;
        case 'end':
          settle(() => resolve({ crm: { companies, persons, fields }, description: message.description }));
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
