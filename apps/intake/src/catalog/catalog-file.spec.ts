import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LICENSE_TYPES } from '@permits/contracts/enums';
import { CatalogFileError, catalogStats, loadCatalogFile, parseCatalogFile } from './catalog-file';

const SHIPPED_PATH = join(__dirname, 'data', 'catalog.json');

interface RawLimit {
  days: number;
  unit: string;
}
interface RawSubItem {
  code: string;
  kind: string;
  statutoryLimit: RawLimit;
  committedLimit: RawLimit;
  acceptanceLimit: RawLimit;
  onSiteCheckLimit?: { statutoryLimit: RawLimit; committedLimit: RawLimit };
  yellowWithinDays?: number;
  materials: { code: string; name: string; required: boolean; legalBasis: string }[];
  [field: string]: unknown;
}
interface RawItem {
  code: string;
  licenseType: string;
  subItems: RawSubItem[];
  [field: string]: unknown;
}
interface RawCatalog {
  version: string;
  items: RawItem[];
  [field: string]: unknown;
}

/** A fresh, mutable copy of the shipped file: each test crafts its own bad file from it. */
function aCatalog(): RawCatalog {
  return JSON.parse(readFileSync(SHIPPED_PATH, 'utf8')) as RawCatalog;
}

function subItem(catalog: RawCatalog, code: string): RawSubItem {
  const found = catalog.items.flatMap((item) => item.subItems).find((sub) => sub.code === code);
  if (!found) throw new Error(`no sub-item ${code} in the shipped catalog`);
  return found;
}

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseCatalogFile(raw, 'crafted.json');
  } catch (err: unknown) {
    if (err instanceof CatalogFileError) return err.problems;
    throw err;
  }
  throw new Error('the crafted file was accepted');
}

describe('the shipped catalog', () => {
  const catalog = loadCatalogFile();
  const subItems = catalog.items.flatMap((item) => item.subItems);

  it('is valid and versioned', () => {
    expect(catalog.version).toBe('2026.1');
  });

  it('has 14 items and 25 sub-items, at least 10 fully online (Hohhot 2021), over 80% online (the target)', () => {
    const stats = catalogStats(catalog);
    expect(stats.items).toBe(14);
    expect(stats.subItems).toBe(25);
    expect(stats.fullyOnline).toBeGreaterThanOrEqual(10);
    expect(stats.fullyOnline).toBe(21);
    expect(stats.fullyOnlineShare).toBeCloseTo(0.84);
    expect(stats.averageCompression).toBeGreaterThanOrEqual(0.5);
  });

  it('covers the six licences, with few "other" items that are all filings', () => {
    const types = new Set(catalog.items.map((item) => item.licenseType));
    for (const type of LICENSE_TYPES) expect(types).toContain(type);
    const other = catalog.items.filter((item) => item.licenseType === 'other');
    expect(other.length).toBeLessThanOrEqual(2);
    expect(other.flatMap((item) => item.subItems).every((sub) => sub.kind === 'filing')).toBe(true);
  });

  it('states the statutory limits of DOMAIN.md', () => {
    const limit = (code: string) => subItems.find((sub) => sub.code === code)?.statutoryLimit;
    expect(limit('HB-001-01')).toEqual({ days: 60, unit: 'calendar' }); // EIA report book
    expect(limit('HB-002-01')).toEqual({ days: 30, unit: 'calendar' }); // EIA report form
    expect(limit('HB-004-01')).toEqual({ days: 0, unit: 'working' }); // registration form: at once
    expect(limit('HB-005-01')).toEqual({ days: 30, unit: 'calendar' }); // key management
    expect(subItems.find((sub) => sub.code === 'HB-005-01')?.onSiteCheckLimit?.statutoryLimit).toEqual({ days: 45, unit: 'calendar' });
    expect(limit('HB-005-02')).toEqual({ days: 20, unit: 'calendar' }); // simplified management
    expect(limit('HB-006-01')).toEqual({ days: 0, unit: 'working' }); // registration management: at once
    expect(limit('HB-007-01')).toEqual({ days: 20, unit: 'working' }); // hazardous waste
    expect(limit('HB-010-01')).toEqual({ days: 20, unit: 'working' }); // radiation
    expect(limit('HB-011-01')).toEqual({ days: 60, unit: 'calendar' }); // WEEE
    expect(limit('HB-012-01')).toEqual({ days: 20, unit: 'working' }); // facility dismantle
  });

  it('commits to facility-dismantle decisions within 3 to 15 working days', () => {
    const committed = subItems.find((sub) => sub.code === 'HB-012-01')?.committedLimit;
    expect(committed?.unit).toBe('working');
    expect(committed?.days).toBeGreaterThanOrEqual(3);
    expect(committed?.days).toBeLessThanOrEqual(15);
  });

  it('gives discharge permits 3 calendar days for acceptance and the others 5 working days, except filings answered at once', () => {
    for (const item of catalog.items) {
      for (const sub of item.subItems) {
        const expected =
          sub.statutoryLimit.days === 0
            ? { days: 0, unit: 'working' }
            : item.licenseType === 'discharge_permit'
              ? { days: 3, unit: 'calendar' }
              : { days: 5, unit: 'working' };
        expect({ code: sub.code, acceptance: sub.acceptanceLimit }).toEqual({ code: sub.code, acceptance: expected });
      }
    }
  });

  it('explains every sub-item limit and cites a legal basis for every material', () => {
    for (const sub of subItems) {
      expect(sub.limitNote).toBeTruthy();
      for (const material of sub.materials) expect(material.legalBasis).toMatch(/《.+》/);
    }
  });

  it('is read from a path as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      const path = join(dir, 'catalog.json');
      writeFileSync(path, JSON.stringify(aCatalog()));
      expect(catalogStats(loadCatalogFile(path)).subItems).toBe(25);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(loadCatalogFile.name, () => {
  it('names the file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      const path = join(dir, 'broken.json');
      writeFileSync(path, '{ "version": ');
      expect(() => loadCatalogFile(path)).toThrow(`Catalog file ${path} is invalid (1 problem):\n  - is not JSON: `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a file that does not exist', () => {
    expect(() => loadCatalogFile('/nonexistent/catalog.json')).toThrow(/cannot be read: ENOENT: no such file or directory/);
  });
});

describe(parseCatalogFile.name, () => {
  it('rejects a root that is not an object', () => {
    expect(problemsOf([])).toEqual(['the file must hold a JSON object { "version", "items" }']);
    expect(problemsOf(null)).toHaveLength(1);
  });

  it('rejects a duplicate material code, even across sub-items', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-002-01').materials[0].code = 'M-HB-001-01-01';
    expect(problemsOf(catalog)).toEqual([
      'code "M-HB-001-01-01" is used 2 times (codes are unique across the file): items[0].subItems[0].materials[0], items[1].subItems[0].materials[0]',
    ]);
  });

  it('rejects a duplicate item code', () => {
    const catalog = aCatalog();
    catalog.items[1].code = 'HB-001';
    const problems = problemsOf(catalog);
    expect(problems).toContain('code "HB-001" is used 2 times (codes are unique across the file): items[0], items[1]');
    // The sub-items of the renamed item no longer carry their item's code either.
    expect(problems).toContain('items[1].subItems[0].code: "HB-002-01" does not start with its item\'s code "HB-001-"');
  });

  it('rejects a committed limit above 50% of the statutory one', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-007-01').committedLimit = { days: 11, unit: 'working' };
    expect(problemsOf(catalog)).toEqual(['items[6].subItems[0].committedLimit: committed 11 working days is more than 50% of the statutory 20 working days']);
  });

  it('accepts a committed limit of exactly 50%', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-007-01').committedLimit = { days: 10, unit: 'working' };
    expect(() => parseCatalogFile(catalog)).not.toThrow();
  });

  it('rejects a committed limit in another unit than the statutory one', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-001-01').committedLimit = { days: 20, unit: 'working' };
    expect(problemsOf(catalog)).toEqual([
      'items[0].subItems[0].committedLimit: committed limit is in working days but the statutory limit in calendar days; state both in one unit',
    ]);
  });

  it('rejects an unknown licence type', () => {
    const catalog = aCatalog();
    catalog.items[0].licenseType = 'nuclear_power';
    const [problem, ...rest] = problemsOf(catalog);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^items\[0\]\.licenseType: licenseType must be one of the following values: eia_approval, discharge_permit/);
  });

  it('rejects a sub-item with no materials', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-003-01').materials = [];
    expect(problemsOf(catalog)).toEqual(['items[2].subItems[0].materials: materials must list at least one material']);
  });

  it('rejects an item with no sub-items and a file with no items', () => {
    const catalog = aCatalog();
    catalog.items[13].subItems = [];
    expect(problemsOf(catalog)).toEqual(['items[13].subItems: subItems must list at least one sub-item']);
    expect(problemsOf({ version: '2026.1', items: [] })).toEqual(['items: items must list at least one service item']);
  });

  it('rejects unknown fields, so that a typo cannot silently drop a limit', () => {
    const catalog = aCatalog();
    const sub = subItem(catalog, 'HB-002-01');
    sub.statutoryLimt = sub.statutoryLimit;
    delete (sub as Partial<RawSubItem>).statutoryLimit;
    const problems = problemsOf(catalog);
    expect(problems).toContain('items[1].subItems[0].statutoryLimt: property statutoryLimt should not exist');
    expect(problems).toContain('items[1].subItems[0].statutoryLimit: statutoryLimit should not be null or undefined');
  });

  it('rejects a bad unit, a negative or fractional day count and a bad kind', () => {
    const catalog = aCatalog();
    const sub = subItem(catalog, 'HB-002-01');
    sub.statutoryLimit = { days: 30, unit: 'lunar' };
    sub.acceptanceLimit = { days: -1, unit: 'working' };
    sub.committedLimit = { days: 1.5, unit: 'calendar' };
    sub.kind = 'renew';
    const problems = problemsOf(catalog);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^items\[1\]\.subItems\[0\]\.kind: kind must be one of the following values/),
        expect.stringMatching(/^items\[1\]\.subItems\[0\]\.statutoryLimit\.unit: unit must be one of the following values: working, calendar/),
        'items[1].subItems[0].committedLimit.days: days must be an integer number',
        'items[1].subItems[0].acceptanceLimit.days: days must not be less than 0',
      ]),
    );
  });

  it('rejects "at once" (0 days) on a sub-item that is not a filing', () => {
    const catalog = aCatalog();
    const sub = subItem(catalog, 'HB-012-01');
    sub.statutoryLimit = { days: 0, unit: 'working' };
    sub.committedLimit = { days: 0, unit: 'working' };
    expect(problemsOf(catalog)).toEqual(['items[11].subItems[0].statutoryLimit: 0 days ("at once") is only for kind "filing", not "new"']);
  });

  it('rejects a zero acceptance limit on a sub-item that is not answered at once', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-013-01').acceptanceLimit = { days: 0, unit: 'working' };
    expect(problemsOf(catalog)).toEqual(['items[12].subItems[0].acceptanceLimit: 0 days is only for filings answered at once (statutory limit 0)']);
  });

  it('rejects an on-site-check limit outside discharge permits, or one not longer than the normal limit', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-007-01').onSiteCheckLimit = { statutoryLimit: { days: 20, unit: 'working' }, committedLimit: { days: 15, unit: 'working' } };
    expect(problemsOf(catalog)).toEqual([
      'items[6].subItems[0].onSiteCheckLimit: only discharge permits have an on-site-check limit, not "hazardous_waste"',
      'items[6].subItems[0].onSiteCheckLimit.committedLimit: committed 15 working days is more than 50% of the statutory 20 working days',
      'items[6].subItems[0].onSiteCheckLimit.statutoryLimit: 20 working days must be longer than the statutory 20 working days, in the same unit',
    ]);
  });

  it('rejects a yellow threshold beyond the committed limit', () => {
    const catalog = aCatalog();
    subItem(catalog, 'HB-002-01').yellowWithinDays = 13;
    expect(problemsOf(catalog)).toEqual(['items[1].subItems[0].yellowWithinDays: 13 exceeds the committed limit of 12 calendar days']);
  });

  it('rejects malformed codes and version', () => {
    const catalog = aCatalog();
    catalog.version = 'v1';
    catalog.items[0].code = 'hb-1';
    subItem(catalog, 'HB-002-01').materials[0].code = 'M-材料';
    const problems = problemsOf(catalog);
    expect(problems).toEqual(
      expect.arrayContaining([
        'version: version must look like 2026.1',
        'items[0].code: code must look like HB-001',
        'items[1].subItems[0].materials[0].code: code must look like M-HB-001-01-01 (upper-case ASCII, digits, hyphens)',
      ]),
    );
  });

  it('lists every problem of a file in one error', () => {
    const catalog = aCatalog();
    catalog.items[0].licenseType = 'nuclear_power';
    subItem(catalog, 'HB-003-01').materials = [];
    subItem(catalog, 'HB-007-01').committedLimit = { days: 15, unit: 'working' };
    catalog.items[1].code = 'HB-001';
    let thrown: unknown;
    try {
      parseCatalogFile(catalog, 'crafted.json');
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CatalogFileError);
    const error = thrown as CatalogFileError;
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(/^Catalog file crafted\.json is invalid \(\d+ problems\):\n {2}- /);
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });
});
