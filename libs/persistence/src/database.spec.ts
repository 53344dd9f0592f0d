import { databaseAccessMessage } from './database';

const URL_ = 'postgres://app:secret@db.internal:5433/permits';
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe(databaseAccessMessage.name, () => {
  it.each([
    ['a wrong password', pgError('28P01', 'password authentication failed for user "app"'), /refused the password of user 'app'.*DATABASE_URL/],
    ['a missing role', pgError('28000', 'role "app" does not exist'), /has no role 'app'\. Create it/],
    [
      'a pg_hba.conf refusal',
      pgError('28000', 'no pg_hba.conf entry for host "10.0.0.3", user "app", database "postgres", no encryption'),
      /does not let user 'app' connect from here \(pg_hba\.conf\)/,
    ],
    ['a missing database', pgError('3D000', 'database "postgres" does not exist'), /has no database 'postgres'/],
    [
      'no right to create the database',
      pgError('42501', 'permission denied to create database'),
      /may not create or use database 'permits'.*createdb -O app permits/,
    ],
  ])('says in one line what to do about %s', (_, err, expected) => {
    const line = databaseAccessMessage(URL_, err) as string;
    expect(line).toMatch(expected);
    expect(line).toContain('db.internal:5433');
    expect(line).not.toContain('\n');
    expect(line).not.toContain('secret');
  });

  it('has nothing to say about other errors', () => {
    expect(databaseAccessMessage(URL_, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(databaseAccessMessage(URL_, new Error('boom'))).toBeUndefined();
  });
});
