/**
 * Reads, validates (ajv) and resolves `bobsync.config.json`: relative paths become relative to the
 * file, defaults are filled in, and every problem becomes one `BobsyncError('config')` that names
 * the key and what is expected (exit 78).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { BobsyncError } from '../errors.js';
import { configSchema } from './config-schema.js';
import { DEFAULT_BOB_ID_PATTERN, defaultBobSchema, defaultCrmSchema } from './defaults.js';
import type { BobSchema, Config, CrmSchema, Lang } from './types.js';

const ajv = new Ajv({ allErrors: false, discriminator: true, strict: false });
const validate = ajv.compile(configSchema);

export const DEFAULT_CONFIG_FILE = 'bobsync.config.json';

/** Loads the configuration file; `file` is resolved against `cwd`. */
export function loadConfig(file: string, cwd: string): Config {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new BobsyncError('config', `configuration file not found: ${absolute}`, {
        hint: 'pass --config FILE (`bobsync demo` creates demo/bobsync.config.json), or run the command from the folder holding bobsync.config.json',
        cause: error,
      });
    }
    throw new BobsyncError('config', `cannot read the configuration file ${absolute}: ${code ?? String(error)}`, {
      hint: 'check the file permissions',
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BobsyncError('config', `${absolute} is not valid JSON: ${(error as Error).message}`, {
      hint: 'fix the JSON syntax (a trailing comma or a missing quote is the usual cause)',
      cause: error,
    });
  }
  return resolveConfig(json, absolute);
}

/** Validates a parsed configuration object and fills in defaults; `file` anchors relative paths. */
export function resolveConfig(json: unknown, file: string): Config {
  if (!validate(json)) {
    throw new BobsyncError('config', `${file}: ${describeAjvError(validate.errors?.[0])}`, {
      hint: 'see "Configuration" in the README for every key and its expected value',
    });
  }
  const raw = json as RawConfig;
  const dir = path.dirname(file);
  const bob: Config['bob'] =
    raw.bob.driver === 'sqlite'
      ? { driver: 'sqlite', file: path.resolve(dir, raw.bob.file) }
      : {
          driver: 'mssql',
          server: raw.bob.server,
          port: raw.bob.port ?? 1433,
          database: raw.bob.database,
          user: raw.bob.user,
          passwordEnv: raw.bob.passwordEnv,
          encrypt: raw.bob.encrypt ?? true,
          trustServerCertificate: raw.bob.trustServerCertificate ?? false,
          authentication: raw.bob.authentication ?? 'sql',
          ...(raw.bob.domain === undefined ? {} : { domain: raw.bob.domain }),
        };
  if (bob.driver === 'mssql' && bob.authentication === 'ntlm' && bob.domain === undefined) {
    throw new BobsyncError('config', `${file}: "bob.domain" is missing: Windows authentication ("bob.authentication": "ntlm") needs the account's domain`, {
      hint: 'set "bob.domain" to the Windows domain of "bob.user" (e.g. "KANTOOR"), or "bob.authentication" to "sql" for a SQL Server login',
    });
  }
  const crm: Config['crm'] =
    raw.crm.driver === 'sim'
      ? { driver: 'sim', file: path.resolve(dir, raw.crm.file) }
      : {
          driver: 'rest',
          url: raw.crm.url,
          userEnv: raw.crm.userEnv,
          passwordEnv: raw.crm.passwordEnv,
          concurrency: raw.crm.concurrency ?? 8,
          timeoutMs: raw.crm.timeoutMs ?? 30_000,
          retries: raw.crm.retries ?? 4,
          pageSize: raw.crm.pageSize ?? 500,
        };
  const bobIdPattern = raw.bobIdPattern ?? DEFAULT_BOB_ID_PATTERN;
  try {
    new RegExp(bobIdPattern);
  } catch {
    throw new BobsyncError('config', `${file}: "bobIdPattern" is not a valid regular expression`, {
      hint: 'use a JavaScript regular expression such as ^[A-Z0-9_-]{1,10}$',
    });
  }
  const personalFields = (raw.personalFields ?? []).map((f) => ({ column: f.column.toUpperCase(), label: f.label }));
  const seen = new Set<string>();
  for (const [i, f] of personalFields.entries()) {
    if (seen.has(f.column)) {
      throw new BobsyncError('config', `${file}: "personalFields[${i}].column" repeats ${f.column}`, {
        hint: 'name each personal-field column once',
      });
    }
    seen.add(f.column);
  }
  return {
    path: file,
    bob,
    bobSchema: mergeSchema(defaultBobSchema(), raw.bobSchema),
    crm,
    crmSchema: mergeSchema(defaultCrmSchema(), raw.crmSchema),
    statePrefix: raw.statePrefix ?? 'BSY_',
    stateSchema: raw.stateSchema ?? 'dbo',
    personalFields,
    lang: (raw.lang ?? 'nl') as Lang,
    csv: { delimiter: raw.csv?.delimiter ?? ';' },
    bobIdPattern,
  };
}

function mergeSchema<T extends BobSchema | CrmSchema>(defaults: T, override: Record<string, unknown> | undefined): T {
  if (!override) return defaults;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    const base = merged[key];
    merged[key] = typeof value === 'object' && value !== null && typeof base === 'object' ? { ...base, ...value } : value;
  }
  return merged as T;
}

/** Turns ajv's first error into "key" + expectation, e.g. `"crm.concurrency" must be an integer ≥ 1`. */
function describeAjvError(error: ErrorObject | undefined): string {
  if (!error) return 'invalid configuration';
  const key = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const at = key ? `"${key}"` : 'the configuration';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${key ? `"${key}"` : 'the configuration'} is missing the key "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `${at} has an unknown key "${String(p.additionalProperty)}"`;
    case 'type':
      return `${at} must be ${article(String(p.type))}`;
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at} must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `${at} must match ${String(p.pattern)}`;
    case 'minimum':
      return `${at} must be ≥ ${String(p.limit)}`;
    case 'maximum':
      return `${at} must be ≤ ${String(p.limit)}`;
    case 'minLength':
      return `${at} must not be empty`;
    case 'discriminator':
      return p.error === 'mapping'
        ? `${at}.driver must be one of the supported drivers (bob: "sqlite", "mssql"; crm: "sim", "rest")`
        : `${at} is missing the key "driver"`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

interface RawConfig {
  bob:
    | { driver: 'sqlite'; file: string }
    | {
        driver: 'mssql'; server: string; port?: number; database: string; user: string; passwordEnv: string; encrypt?: boolean;
        trustServerCertificate?: boolean; authentication?: 'sql' | 'ntlm'; domain?: string;
      };
  crm:
    | { driver: 'sim'; file: string }
    | { driver: 'rest'; url: string; userEnv: string; passwordEnv: string; concurrency?: number; timeoutMs?: number; retries?: number; pageSize?: number };
  bobSchema?: Record<string, unknown>;
  crmSchema?: Record<string, unknown>;
  statePrefix?: string;
  stateSchema?: string;
  personalFields?: Array<{ column: string; label: string }>;
  lang?: string;
  csv?: { delimiter?: ';' | ',' | '\t' };
  bobIdPattern?: string;
}
