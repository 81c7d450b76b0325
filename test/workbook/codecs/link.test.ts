import { expect } from 'chai';
import { formatCandidates } from '../../../src/workbook/codecs/link.js';

describe('formatCandidates', () => {
  it('writes `id name (VAT, postcode)` per line and leaves out empty parts', () => {
    expect(
      formatCandidates([
        { crmId: '43', name: 'ACME NV', vat: 'BE0403019261', postcode: '1050', reason: 'vat' },
        { crmId: '44', name: 'ACME', vat: '', postcode: '', reason: 'name' },
      ]),
    ).to.equal('43 ACME NV (BE0403019261, 1050)\n44 ACME');
  });
});
