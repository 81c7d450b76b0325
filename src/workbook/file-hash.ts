/**
 * The sha-256 of what bobsync writes and reads back: one xlsx file, or a CSV folder. Export
 * registers these hashes, import records them with a run, and `verify` compares them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_FILES, CSV_META_FILE, type SheetKey } from '../../templates/columns.js';

/** sha-256 (hex) of a file's bytes, streamed. */
export async function fileSha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * sha-256 (hex) of a CSV folder: of the lines `<sha-256 of the file>  <file name>\n` (as
 * `sha256sum` prints them) for each sheet file present, in CSV_FILES order, then meta.json.
 */
export async function csvFolderSha256(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = [...(Object.keys(CSV_FILES) as SheetKey[]).map((k) => CSV_FILES[k]), CSV_META_FILE];
  for (const name of names) {
    const file = join(dir, name);
    const present = await stat(file).then((s) => s.isFile(), () => false);
    if (present) hash.update(`${await fileSha256Of(file)}  ${name}\n`);
  }
  return hash.digest('hex');
}
