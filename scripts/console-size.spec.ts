import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleFirstLoad } from './console-size';

describe(consoleFirstLoad.name, () => {
  it('counts the entry and its static imports, not the lazily loaded screens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-size-'));
    mkdirSync(join(dir, '.vite'));
    mkdirSync(join(dir, 'assets'));
    const files = { 'assets/index-a.js': 'a'.repeat(5000) + 'entry', 'assets/vendor-b.js': 'vendor();'.repeat(300), 'assets/Case-c.js': 'lazy();'.repeat(900) };
    for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
    writeFileSync(
      join(dir, '.vite', 'manifest.json'),
      JSON.stringify({
        'src/main.tsx': { file: 'assets/index-a.js', isEntry: true, imports: ['_vendor'], dynamicImports: ['src/Case.tsx'] },
        _vendor: { file: 'assets/vendor-b.js' },
        'src/Case.tsx': { file: 'assets/Case-c.js', isDynamicEntry: true, imports: ['_vendor'] },
      }),
    );
    const r = consoleFirstLoad(dir);
    expect(r.files.map((f) => f.file).sort()).toEqual(['assets/index-a.js', 'assets/vendor-b.js']);
    expect(r.gzipBytes).toBe(gzipSync(files['assets/index-a.js'], { level: 9 }).length + gzipSync(files['assets/vendor-b.js'], { level: 9 }).length);
    expect(r.withinBudget).toBe(true);
  });
});
