import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { safeErrorMessage, safeErrorSerializer } from './log-safety';

describe('safeErrorSerializer', () => {
  it('logs a TypeORM query error by its code and constraint, never its parameters, detail or message', () => {
    const driverError = Object.assign(new Error('new row for relation "applications" violates check constraint "c"'), {
      code: '23514',
      severity: 'ERROR',
      table: 'applications',
      constraint: 'c',
      detail: 'Failing row contains (91350100M000100Y6X, Zhang San)',
    });
    const err = new QueryFailedError('INSERT INTO applications VALUES ($1, $2)', ['91350100M000100Y6X', 'Zhang San'], driverError);
    const out = JSON.stringify(safeErrorSerializer(err));
    expect(out).toContain('23514');
    expect(out).toContain('"constraint":"c"');
    for (const secret of ['91350100M000100Y6X', 'Zhang San', 'Failing row']) expect(out).not.toContain(secret);
  });

  it('logs any other error as pino does', () => {
    expect(safeErrorSerializer(new Error('boom'))).toMatchObject({ type: 'Error', message: 'boom' });
  });
});

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

describe('log calls', () => {
  it('never log an error by its raw message (they go through safeErrorMessage or the err serializer)', () => {
    const root = join(__dirname, '../../..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(entry.name)) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\b(logger|log)\.(fatal|error|warn|info|debug|trace)\(/.test(line) && /\b(err|error|e)\)?\.message\b/.test(line))
                offenders.push(`${relative(root, path)}:${i + 1}`);
            });
        }
      }
    };
    for (const top of ['apps', 'libs']) walk(join(root, top));
    expect(offenders).toEqual([]);
  });
});
