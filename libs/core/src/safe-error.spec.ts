import { QueryFailedError } from 'typeorm';
import { safeErrorMessage } from './safe-error';

describe('safeErrorMessage', () => {
  it('withholds the message of a PostgreSQL error that quotes a value, keeping its SQLSTATE and constraint', () => {
    // what pg throws on a duplicate: the message and detail quote the row's values
    const pg = Object.assign(
      new Error('duplicate key value violates unique constraint "uq_enterprise_credit_code" Key (credit_code)=(91350100M000100Y6X) already exists.'),
      {
        name: 'error',
        code: '23505',
        severity: 'ERROR',
        table: 'enterprises',
        constraint: 'uq_enterprise_credit_code',
        detail: 'Key (credit_code)=(91350100M000100Y6X) already exists.',
      },
    );
    const line = safeErrorMessage(pg);
    expect(line).toBe('database error 23505 (table enterprises, constraint uq_enterprise_credit_code): message withheld');
    expect(line).not.toContain('91350100M000100Y6X');
  });

  it('withholds the message of a TypeORM query error around one (input syntax quoting the value)', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "Zhang San"'), { code: '22P02', severity: 'ERROR' });
    const line = safeErrorMessage(new QueryFailedError('SELECT * FROM applications WHERE id = $1', ['Zhang San'], driverError));
    expect(line).toBe('database error 22P02: message withheld');
  });

  it('keeps the message of any other error', () => {
    expect(safeErrorMessage(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe('connect ECONNREFUSED 127.0.0.1:6379');
    expect(safeErrorMessage('plain')).toBe('plain');
  });
});
