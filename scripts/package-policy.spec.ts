import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
    scripts: Record<string, string>;
  };

  it('lets only the native builds we need run install scripts (npm allowScripts), never telemetry', () => {
    expect(pkg.allowScripts).toMatchObject({ '@swc/core': true, 'msgpackr-extract': true, '@scarf/scarf': false });
    expect(
      Object.entries(pkg.allowScripts ?? {})
        .filter(([, allowed]) => allowed)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['@swc/core', 'msgpackr-extract']);
  });

  it('has a development token script', () => {
    expect(pkg.scripts.token).toContain('dist/scripts/token.js');
  });
});
