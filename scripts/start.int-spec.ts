import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BASE_DB_URL, DIST, REDIS_PREFIX, REDIS_URL } from '../test/support/env';

jest.setTimeout(60_000);

/** Runs the built `npm start` (dist/scripts/start.js) with these settings until it exits by itself. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DIST, 'scripts/start.js')], {
      env: { PATH: process.env.PATH ?? '', REDIS_URL, REDIS_PREFIX, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start did not exit by itself; stderr: ${stderr}`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('npm start', () => {
  it('says in one line what to do when PostgreSQL has no such role, and exits 78 without starting anything', async () => {
    const url = new URL(BASE_DB_URL);
    url.username = 'no_such_role_ops';
    url.password = '';
    const { code, stdout, stderr } = await start({ DATABASE_URL: url.toString() });
    expect(code).toBe(78);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/has no role 'no_such_role_ops'\. Create it .* or set DATABASE_URL to an existing user\./);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toMatch(/portal API on/);
  });

  it('exits 78 with one line on a bad setting (a configuration error is not something to retry)', async () => {
    const { code, stderr } = await start({ DATABASE_URL: BASE_DB_URL, PORT: 'not-a-port' });
    expect(code).toBe(78);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/PORT/);
  });
});
