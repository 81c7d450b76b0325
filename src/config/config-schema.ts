/**
 * JSON schema of `bobsync.config.json` (ajv). Unknown keys are refused so that a misspelt key
 * ("pasword_env") is reported instead of silently ignored.
 */
const identifier = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;
const envName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const;

const fieldMap = (keys: readonly string[], pattern: object) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(keys.map((k) => [k, pattern])),
});

export const BOB_COMPANY_FIELDS = [
  'id', 'isCustomer', 'isSupplier', 'name', 'name2', 'address1', 'address2', 'postcode', 'locality', 'country',
  'language', 'vatRef', 'vatNo', 'phone', 'fax', 'email', 'website', 'isPerson', 'modifiedOn',
] as const;
export const BOB_CONTACT_FIELDS = ['id', 'companyId', 'lastName', 'firstName', 'title', 'phone', 'mobile', 'email', 'language'] as const;
export const CRM_COMPANY_FIELDS = ['id', 'name', 'type', 'status', 'website', 'email', 'phone', 'bobSync', 'vat', 'bobId'] as const;
export const CRM_PERSON_FIELDS = ['id', 'companyId', 'firstName', 'lastName', 'title', 'email', 'phone'] as const;
export const CRM_ADDRESS_FIELDS = ['id', 'companyId', 'address1', 'address2', 'postcode', 'city', 'country'] as const;

const crmField = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['bob', 'crm'],
  properties: {
    $schema: { type: 'string' },
    bob: {
      type: 'object',
      required: ['driver'],
      discriminator: { propertyName: 'driver' },
      oneOf: [
        {
          additionalProperties: false,
          required: ['driver', 'file'],
          properties: { driver: { const: 'sqlite' }, file: { type: 'string', minLength: 1 } },
        },
        {
          additionalProperties: false,
          required: ['driver', 'server', 'database', 'user', 'passwordEnv'],
          properties: {
            driver: { const: 'mssql' },
            server: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            database: { type: 'string', minLength: 1 },
            user: { type: 'string', minLength: 1 },
            passwordEnv: envName,
            encrypt: { type: 'boolean' },
            trustServerCertificate: { type: 'boolean' },
            authentication: { enum: ['sql', 'ntlm'] },
            domain: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    crm: {
      type: 'object',
      required: ['driver'],
      discriminator: { propertyName: 'driver' },
      oneOf: [
        {
          additionalProperties: false,
          required: ['driver', 'file'],
          properties: { driver: { const: 'sim' }, file: { type: 'string', minLength: 1 } },
        },
        {
          additionalProperties: false,
          required: ['driver', 'url', 'userEnv', 'passwordEnv'],
          properties: {
            driver: { const: 'rest' },
            url: { type: 'string', pattern: '^https?://.+/sagecrm2/-/$' },
            userEnv: envName,
            passwordEnv: envName,
            concurrency: { type: 'integer', minimum: 1, maximum: 64 },
            timeoutMs: { type: 'integer', minimum: 100 },
            retries: { type: 'integer', minimum: 0, maximum: 20 },
            pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
          },
        },
      ],
    },
    bobSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        schema: identifier,
        companyTable: identifier,
        contactTable: identifier,
        company: fieldMap(BOB_COMPANY_FIELDS, identifier),
        contact: fieldMap(BOB_CONTACT_FIELDS, identifier),
      },
    },
    crmSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        company: fieldMap(CRM_COMPANY_FIELDS, crmField),
        person: fieldMap(CRM_PERSON_FIELDS, crmField),
        address: fieldMap(CRM_ADDRESS_FIELDS, crmField),
        customerType: { type: 'string', minLength: 1 },
      },
    },
    statePrefix: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,15}$' },
    stateSchema: identifier,
    personalFields: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['column', 'label'],
        properties: { column: identifier, label: { type: 'string', minLength: 1, maxLength: 80 } },
      },
    },
    lang: { enum: ['nl', 'fr', 'en'] },
    csv: {
      type: 'object',
      additionalProperties: false,
      properties: { delimiter: { enum: [';', ',', '\t'] } },
    },
    bobIdPattern: { type: 'string', minLength: 1 },
  },
} as const;
