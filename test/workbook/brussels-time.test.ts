import { expect } from 'chai';
import { brusselsTime } from '../../src/workbook/brussels-time.js';

describe('brusselsTime', () => {
  const cases: Array<[string, string, string]> = [
    ['winter time (UTC+1)', '2026-12-04T08:41:54.561Z', '2026-12-04 09:41:54'],
    ['summer time (UTC+2)', '2025-07-01T22:30:00Z', '2025-07-02 00:30:00'],
    ['the last second before the clocks go back', '2025-10-26T00:59:59Z', '2025-10-26 02:59:59'],
    ['the first second after', '2025-10-26T01:00:00Z', '2025-10-26 02:00:00'],
    ['an empty time', '', ''],
    ['text that is not a time', 'unknown', 'unknown'],
  ];
  for (const [what, iso, shown] of cases) {
    it(`shows ${what} as Brussels local time to the second`, () => {
      expect(brusselsTime(iso)).to.equal(shown);
    });
  }
});
