import { expect } from 'chai';
import { readDiagnosis } from '../../../src/sources/crm/sdata-diagnosis.js';

describe('readDiagnosis', () => {
  const cases: [string, string, { message: string; sdataCode: string }][] = [
    [
      'an SData diagnoses list',
      JSON.stringify({ $diagnoses: [{ $severity: 'error', $sdataCode: 'BadWhereSyntax', $message: 'Unknown field "x"' }] }),
      { message: 'Unknown field "x"', sdataCode: 'BadWhereSyntax' },
    ],
    [
      'several diagnoses',
      JSON.stringify({ $diagnoses: [{ $message: 'first' }, { $message: 'second' }] }),
      { message: 'first; second', sdataCode: '' },
    ],
    ['a bare $message', JSON.stringify({ $message: 'Access denied' }), { message: 'Access denied', sdataCode: '' }],
    ['a bare array', JSON.stringify([{ $sdataCode: 'ApplicationDiagnosis', $message: 'Oops' }]), { message: 'Oops', sdataCode: 'ApplicationDiagnosis' }],
    ['plain text', 'Service Unavailable', { message: 'Service Unavailable', sdataCode: '' }],
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1>\n</body></html>', { message: '502 Bad Gateway', sdataCode: '' }],
    ['JSON without a message', '{"error":42}', { message: '{"error":42}', sdataCode: '' }],
    ['an empty body', '  ', { message: '', sdataCode: '' }],
  ];
  for (const [what, body, expected] of cases) {
    it(`reads ${what}`, () => {
      expect(readDiagnosis(body)).to.deep.equal(expected);
    });
  }

  it('cuts a long raw body', () => {
    expect(readDiagnosis('x'.repeat(1000)).message).to.have.length(201);
  });
});
