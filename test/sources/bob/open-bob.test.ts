import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BobsyncError } from '../../../src/errors.js';
import { openBob, parseConnectionString } from '../../../src/sources/bob/open-bob.js';

async function rejection(promise: Promise<unknown>): Promise<BobsyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BobsyncError);
    return error as BobsyncError;
  }
  throw new Error('the promise resolved');
}

const MSSQL = {
  driver: 'mssql' as const,
  server: '127.0.0.1',
  port: 1,
  database: 'BOB',
  user: 'bobsync',
  passwordEnv: 'BOB_TEST_PASSWORD',
  encrypt: false,
  trustServerCertificate: true,
};

describe('openBob', () => {
  it('opens an embedded database file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    const file = path.join(dir, 'bob.sqlite');
    fs.closeSync(fs.openSync(file, 'w'));
    try {
      const db = await openBob({ driver: 'sqlite', file }, {});
      expect(db.description).to.equal(file);
      await db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the environment variable that should hold the SQL Server password', async () => {
    const error = await rejection(openBob(MSSQL, { OTHER: 'x' }));
    expect(error.code).to.equal('config');
    expect(error.message).to.equal('environment variable BOB_TEST_PASSWORD is not set');
  });

  it('reports a server that cannot be reached as unavailable, without the password', async () => {
    const error = await rejection(openBob(MSSQL, { BOB_TEST_PASSWORD: 'S3cret-pass' }));
    expect(error.code).to.equal('unavailable');
    expect(error.message).to.contain('127.0.0.1:1');
    expect(`${error.message} ${error.hint}`).to.not.contain('S3cret-pass');
  });
});

describe('parseConnectionString', () => {
  it('reads server, port, database, user, password and the TLS flags', () => {
    const { config, password } = parseConnectionString(
      'Server=tcp:sql01.example,1444;Database=BOB50;User Id=bob;Password=p@ss=w0rd;Encrypt=false;TrustServerCertificate=true',
    );
    expect(config).to.include({ server: 'sql01.example', port: 1444, database: 'BOB50', user: 'bob', encrypt: false, trustServerCertificate: true });
    expect(password).to.equal('p@ss=w0rd');
  });

  it('accepts the other usual key names and defaults the port to 1433', () => {
    const { config } = parseConnectionString('Data Source=sql01;Initial Catalog=BOB;UID=bob;PWD=x');
    expect(config).to.include({ server: 'sql01', port: 1433, database: 'BOB', user: 'bob', encrypt: true, trustServerCertificate: false });
  });

  it('names what is missing without repeating the string', () => {
    try {
      parseConnectionString('Server=sql01;Password=TopSecret');
      expect.fail('parsed');
    } catch (error) {
      expect((error as BobsyncError).code).to.equal('config');
      expect((error as BobsyncError).message).to.contain('Database, User Id');
      expect((error as BobsyncError).message).to.not.contain('TopSecret');
    }
  });
});
