import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleFirstLoad, ENTERPRISE_FIRST_LOAD_BUDGET_BYTES, FIRST_LOAD_BUDGET_BYTES } from './console-size';

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

  it('counts, for each side, the entry and the side root main.tsx loads (App or enterprise/Root) with their static imports, not the other side', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-size-'));
    mkdirSync(join(dir, '.vite'));
    mkdirSync(join(dir, 'assets'));
    const files = {
      'assets/index-a.js': 'entry();'.repeat(100),
      'assets/shared-b.js': 'antd();'.repeat(300),
      'assets/App-c.js': 'staff();'.repeat(500),
      'assets/Root-d.js': 'enterprise();'.repeat(200),
      'assets/Case-e.js': 'lazy();'.repeat(900),
    };
    for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
    writeFileSync(
      join(dir, '.vite', 'manifest.json'),
      JSON.stringify({
        'index.html': { file: 'assets/index-a.js', isEntry: true, dynamicImports: ['src/App.tsx', 'src/enterprise/Root.tsx'] },
        _shared: { file: 'assets/shared-b.js', imports: ['index.html'] },
        'src/App.tsx': { file: 'assets/App-c.js', isDynamicEntry: true, imports: ['index.html', '_shared'], dynamicImports: ['src/Case.tsx'] },
        'src/enterprise/Root.tsx': { file: 'assets/Root-d.js', isDynamicEntry: true, imports: ['index.html', '_shared'] },
        'src/Case.tsx': { file: 'assets/Case-e.js', isDynamicEntry: true, imports: ['_shared'] },
      }),
    );
    const staff = consoleFirstLoad(dir, 'staff');
    expect(staff.files.map((f) => f.file).sort()).toEqual(['assets/App-c.js', 'assets/index-a.js', 'assets/shared-b.js']);
    expect(staff.budgetBytes).toBe(FIRST_LOAD_BUDGET_BYTES);
    const enterprise = consoleFirstLoad(dir, 'enterprise');
    expect(enterprise.files.map((f) => f.file).sort()).toEqual(['assets/Root-d.js', 'assets/index-a.js', 'assets/shared-b.js']);
    expect(enterprise.budgetBytes).toBe(ENTERPRISE_FIRST_LOAD_BUDGET_BYTES);
    expect(enterprise.gzipBytes).toBe(
      ['assets/index-a.js', 'assets/shared-b.js', 'assets/Root-d.js'].reduce((n, f) => n + gzipSync(files[f as keyof typeof files], { level: 9 }).length, 0),
    );
  });
});
