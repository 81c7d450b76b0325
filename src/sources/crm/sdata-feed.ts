/**
 * Feeds of the Sage CRM REST API (`{ $totalResults, $startIndex, $itemsPerPage, $resources }`),
 * paged with a 1-based `startIndex` and `count`, filtered with `where`.
 */
import { lowerCaseKeys } from './crm-dto.js';
import { CrmRequestError, type SdataTransport } from './sdata-transport.js';

interface FeedPage {
  entries: Record<string, unknown>[];
  total: number | undefined;
}

export interface SdataFeeds {
  /** Every entry of a feed, page by page and in order (keys lower-cased). */
  readFeed(resource: string, where: string): AsyncGenerator<Record<string, unknown>[]>;
  /** Every entry of a feed at once. */
  readAll(resource: string, where: string): Promise<Record<string, unknown>[]>;
}

/** Feeds read through `transport`: `pageSize` asked per page, up to `concurrency` pages ahead (×2). */
export function sdataFeeds(transport: SdataTransport, options: { pageSize: number; concurrency: number }): SdataFeeds {
  const { base, request } = transport;
  const { pageSize, concurrency } = options;

  async function fetchPage(resource: string, where: string, startIndex: number, count: number): Promise<FeedPage> {
    let path = `${resource}?startIndex=${startIndex}&count=${count}`;
    if (where !== '') path += `&where=${encodeURIComponent(where)}`;
    const body = await request('GET', path);
    const feed = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const resources = feed.$resources;
    if (!Array.isArray(resources)) {
      throw new CrmRequestError('unavailable', `Sage CRM at ${base} answered GET ${resource} without a feed ($resources)`, {
        hint: 'check that the CRM url points at the REST API (it ends in /sdata/<install>j/sagecrm2/-/)',
        retryable: false,
      });
    }
    const total = Number(feed.$totalResults);
    return { entries: resources.map(lowerCaseKeys), total: Number.isFinite(total) ? total : undefined };
  }

  /**
   * Every entry of a feed, page by page and in order. After the first page (which tells the total
   * and how many the server gives per page) the other pages are read in parallel through the
   * limiter, a bounded window ahead, and yielded in order. A short page leaves a gap that is read
   * before going on; an empty page ends the feed.
   */
  async function* readFeed(resource: string, where: string): AsyncGenerator<Record<string, unknown>[]> {
    const first = await fetchPage(resource, where, 1, pageSize);
    if (first.entries.length === 0) return;
    yield first.entries;
    const step = first.entries.length;
    let next = 1 + step;
    const total = first.total;
    if (total !== undefined) {
      const starts: number[] = [];
      for (let start = next; start <= total; start += step) starts.push(start);
      const window: { start: number; page: Promise<FeedPage> }[] = [];
      let scheduled = 0;
      const fill = (): void => {
        while (window.length < concurrency * 2 && scheduled < starts.length) {
          const start = starts[scheduled++]!;
          const page = fetchPage(resource, where, start, step);
          page.catch(() => undefined); // awaited below in order; avoids an unhandled rejection meanwhile
          window.push({ start, page });
        }
      };
      fill();
      while (window.length > 0) {
        const { start, page } = window.shift()!;
        fill();
        while (next < start) {
          const gap = await fetchPage(resource, where, next, start - next);
          if (gap.entries.length === 0) break;
          yield gap.entries;
          next += gap.entries.length;
        }
        const { entries } = await page;
        if (entries.length === 0) return;
        yield entries;
        next = start + entries.length;
      }
    }
    // Without a total, or when the last planned pages came back short: read on until an empty page.
    while (total === undefined || next <= total) {
      const page = await fetchPage(resource, where, next, pageSize);
      if (page.entries.length === 0) return;
      yield page.entries;
      next += page.entries.length;
    }
  }

  async function readAll(resource: string, where: string): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    for await (const page of readFeed(resource, where)) all.push(...page);
    return all;
  }

  return { readFeed, readAll };
}
