import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { safeErrorSerializer } from './log-safety';

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
