/**
 * The mapping table as a workbook of its own (nl *Overeenkomstentabel*, fr *table de
 * correspondance*): the Mapping table sheet's columns, No sync the only decision. Written to a
 * temporary file next to the target and renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { COLUMNS, FROZEN_COLUMNS, SHEET_NAMES } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import { mappingId, type MappingEntry } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { brusselsTime } from '../workbook/brussels-time.js';
import { textCell, type CellValue } from '../workbook/cell-text.js';
import { renderFlag } from '../workbook/codecs/flag.js';
import { createXlsxWriter, writeDataSheet } from './write-xlsx.js';

/**
 * Writes `entries` to `file` (xlsx), replacing it; `names` gives a name per `<bobId>|<crmId>` when
 * the caller knows them. Throws `cannot-write` when it cannot.
 */
export async function writeMappingWorkbook(
  entries: readonly MappingEntry[],
  file: string,
  options: { lang: Lang; created: Date; names?: ReadonlyMap<string, string> },
): Promise<string> {
  const { lang } = options;
  const names = options.names ?? new Map<string, string>();
  const target = path.resolve(file);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  const columns = COLUMNS.mapping;
  const cell = (text: string): CellValue => textCell(text);
  let output: fs.WriteStream | undefined;
  try {
    output = fs.createWriteStream(temp, { flags: 'wx' });
    await once(output, 'open');
    const writer = createXlsxWriter(output, { creator: 'bobsync', created: options.created });
    await writeDataSheet(
      writer,
      {
        name: SHEET_NAMES.mapping[lang],
        columns,
        header: columns.map((column) => column.labels[lang]),
        rowCount: entries.length,
        frozen: FROZEN_COLUMNS.mapping,
        *rows() {
          for (const entry of entries) {
            const values: Record<string, CellValue> = {
              rowKey: cell(`MAP:${mappingId(entry)}`),
              bobId: cell(entry.bobId),
              crmId: cell(entry.crmId),
              name: cell(names.get(mappingId(entry)) ?? ''),
              linkedAt: cell(brusselsTime(entry.linkedAt)),
              lastSyncAt: cell(brusselsTime(entry.lastSyncAt)),
              noSync: renderFlag(entry.noSync, lang),
              note: null,
            };
            yield { values: columns.map((column) => values[column.key] ?? null) };
          }
        },
      },
      { lang, crmFieldNames: [], output },
    );
    await writer.commit();
    if (!output.writableFinished) await once(output, 'finish');
    await fs.promises.rename(temp, target);
    return target;
  } catch (error) {
    output?.destroy();
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw new BobsyncError('cannot-write', `cannot write the mapping table to ${target}: ${(error as Error).message}`, {
      hint: 'check that the folder exists and may be written',
      cause: error,
    });
  }
}
