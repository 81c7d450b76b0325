/**
 * Worker thread entry of `readCrmInThread`: opens the CRM (a real Sage CRM, or the simulator in
 * this thread), reads the custom fields and the whole Company and Person feeds, and posts every
 * page as it arrives; then the end, or the error. The HTTP exchanges, JSON decoding and mapping,
 * which were most of analyse's reading time, leave the main thread free to read BOB meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/types.js';
import { BobsyncError } from '../errors.js';
import type { FromCrmReader } from './crm-read-protocol.js';
import { openCrm } from './open-sources.js';

const port = parentPort;
if (port === null) throw new Error('crm-read-worker runs only as a worker thread');
const { config, env } = workerData as { config: Config; env: NodeJS.ProcessEnv };
const post = (message: FromCrmReader): void => port.postMessage(message);

async function run(): Promise<void> {
  const side = await openCrm(config, env);
  try {
    const { crm } = side;
    await Promise.all([
      crm.companyFields().then((fields) => post({ kind: 'fields', fields })),
      (async () => {
        for await (const page of crm.companies()) post({ kind: 'companies', page });
      })(),
      (async () => {
        for await (const page of crm.persons()) post({ kind: 'persons', page });
      })(),
    ]);
    post({ kind: 'end', description: crm.description });
  } finally {
    await side.close().catch(() => undefined);
  }
}

run().catch((error: unknown) => {
  if (error instanceof BobsyncError) post({ kind: 'error', code: error.code, message: error.message, hint: error.hint ?? '' });
  else post({ kind: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error), hint: '' });
});
