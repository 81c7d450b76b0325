/**
 * ajv schemas of the decisions once cell values are normalised (a recognised flag is a boolean,
 * a recognised condition its canonical operator, anything else stays the text the user typed and
 * fails here). Row-independent rules live here; rules that need other rows or the sources
 * (candidates, codes in use, duplicates) are checked in validate-decisions.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { CONDITION_OPERATORS } from '../engine/model.js';
import { OPERATORS_WITH_VALUE } from '../workbook/codecs/condition.js';

export interface DecisionSchemas {
  bobToCrm: ValidateFunction;
  crmToBob: ValidateFunction;
  personalFields: ValidateFunction;
  mapping: ValidateFunction;
  summary: ValidateFunction;
}

const flag = { type: 'boolean' } as const;
const text = { type: 'string' } as const;
/** No sync and Not this time exclude each other. */
const notBothFlags = {
  not: {
    type: 'object',
    required: ['noSync', 'notThisTime'],
    properties: { noSync: { const: true }, notThisTime: { const: true } },
  },
} as const;

const cache = new Map<string, DecisionSchemas>();

/** Compiled schemas (allErrors) for a BOB code pattern; compiled once per pattern. */
export function decisionSchemas(bobIdPattern: RegExp): DecisionSchemas {
  const pattern = new RegExp(bobIdPattern.source, bobIdPattern.flags.replace(/[gy]/g, ''));
  const cacheKey = `${pattern.source}/${pattern.flags}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const ajv = new Ajv({ allErrors: true, strict: true });
  // A custom format, not `pattern`: the configured expression is a JavaScript RegExp, used as it is.
  ajv.addFormat('bob-id', { type: 'string', validate: (value: string) => value === '' || pattern.test(value) });
  const object = (required: string[], properties: Record<string, object>, rest: object = {}) => ({
    type: 'object',
    required,
    additionalProperties: false,
    properties,
    ...rest,
  });

  const schemas: DecisionSchemas = {
    bobToCrm: ajv.compile(
      object(['noSync', 'notThisTime', 'linkToCrmId', 'note'], { noSync: flag, notThisTime: flag, linkToCrmId: text, note: text }, notBothFlags),
    ),
    crmToBob: ajv.compile(
      object(
        ['noSync', 'notThisTime', 'newBobId', 'note'],
        { noSync: flag, notThisTime: flag, newBobId: { type: 'string', format: 'bob-id' }, note: text },
        {
          ...notBothFlags,
          // The code is needed only when the company is created in this run.
          if: { type: 'object', properties: { noSync: { const: false }, notThisTime: { const: false } } },
          then: { type: 'object', properties: { newBobId: { type: 'string', minLength: 1 } } },
        },
      ),
    ),
    personalFields: ajv.compile(
      object(
        ['crmField', 'sel', 'condition', 'value', 'note'],
        { crmField: text, sel: flag, condition: { enum: ['', ...CONDITION_OPERATORS] }, value: text, note: text },
        {
          allOf: [
            {
              if: { type: 'object', properties: { sel: { const: true } } },
              then: { type: 'object', properties: { crmField: { type: 'string', minLength: 1 } } },
            },
            {
              if: { type: 'object', properties: { condition: { enum: OPERATORS_WITH_VALUE } } },
              then: { type: 'object', properties: { value: { type: 'string', minLength: 1 } } },
            },
          ],
        },
      ),
    ),
    mapping: ajv.compile(object(['noSync', 'note'], { noSync: flag, note: text })),
    summary: ajv.compile(object(['confirmed', 'reviewedBy'], { confirmed: flag, reviewedBy: text })),
  };
  cache.set(cacheKey, schemas);
  return schemas;
}
