/**
 * Opens the BOB database named in the configuration: the embedded SQLite file or SQL Server (the
 * password comes from the environment variable the configuration names, never from the file).
 */
import type { BobMssqlConfig, Config } from '../../config/types.js';
import { BobsyncError } from '../../errors.js';
import type { SqlExecutor } from './executor.js';
import { openMssqlExecutor, type MssqlOpenOptions } from './mssql-executor.js';
import { openSqliteExecutor } from './sqlite-executor.js';

/** An executor for `config` (a missing file, variable, login or server is a BobsyncError). */
export async function openBob(config: Config['bob'], env: NodeJS.ProcessEnv): Promise<SqlExecutor> {
  if (config.driver === 'sqlite') return openSqliteExecutor(config.file);
  const password = env[config.passwordEnv];
  if (password === undefined || password === '') {
    throw new BobsyncError('config', `environment variable ${config.passwordEnv} is not set`, {
      hint: `set ${config.passwordEnv} to the SQL Server password of "${config.user}" (the configuration names it in "bob.passwordEnv")`,
    });
  }
  return openMssqlExecutor(config, password);
}

/**
 * Opens SQL Server from an ADO-style connection string
 * (`Server=host,port;Database=db;User Id=u;Password=p;Encrypt=true;TrustServerCertificate=true`),
 * as used by the SQL Server test suite.
 */
export async function openBobFromConnectionString(connectionString: string, options: MssqlOpenOptions = {}): Promise<SqlExecutor> {
  const { config, password } = parseConnectionString(connectionString);
  return openMssqlExecutor(config, password, options);
}

/** The configuration and password in an ADO-style connection string; the message never repeats the string. */
export function parseConnectionString(connectionString: string): { config: BobMssqlConfig; password: string } {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    fields.set(part.slice(0, at).trim().toLowerCase().replace(/\s+/g, ' '), part.slice(at + 1).trim());
  }
  const pick = (...keys: string[]): string | undefined => keys.map((key) => fields.get(key)).find((value) => value !== undefined);
  const flag = (value: string | undefined, fallback: boolean): boolean =>
    value === undefined ? fallback : /^(true|yes|1|mandatory|strict)$/i.test(value);

  const serverField = (pick('server', 'data source', 'address', 'addr') ?? '').replace(/^tcp:/i, '');
  const [host = '', portText] = serverField.split(',', 2).map((value) => value.trim());
  const database = pick('database', 'initial catalog') ?? '';
  const user = pick('user id', 'uid', 'user') ?? '';
  const password = pick('password', 'pwd') ?? '';
  const port = portText === undefined || portText === '' ? 1433 : Number(portText);
  const missing = [
    host === '' ? 'Server' : '',
    database === '' ? 'Database' : '',
    user === '' ? 'User Id' : '',
    !Number.isInteger(port) || port <= 0 || port > 65535 ? 'a valid port' : '',
  ].filter((name) => name !== '');
  if (missing.length > 0) {
    throw new BobsyncError('config', `the SQL Server connection string lacks ${missing.join(', ')}`, {
      hint: 'write it as Server=host,port;Database=db;User Id=user;Password=secret;Encrypt=true;TrustServerCertificate=true',
    });
  }
  return {
    config: {
      driver: 'mssql',
      server: host,
      port,
      database,
      user,
      passwordEnv: '(connection string)',
      encrypt: flag(pick('encrypt'), true),
      trustServerCertificate: flag(pick('trustservercertificate', 'trust server certificate'), false),
    },
    password,
  };
}
