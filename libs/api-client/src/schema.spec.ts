import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');

describe('the typed client', () => {
  it('is generated from the committed OpenAPI document as it is now (npm run gen:client rewrites libs/api-client/src/schema.d.ts)', async () => {
    // the same generator and version as `npm run gen:client`, printing instead of writing
    const config = join(mkdtempSync(join(tmpdir(), 'api-client-')), 'redocly.yaml');
    writeFileSync(config, 'extends:\n  - minimal\n');
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, join(ROOT, 'apps', 'gateway', 'openapi.json'), '--redocly', config], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stdout === readFileSync(join(__dirname, 'schema.d.ts'), 'utf8')).toBe(true);
  });
});
