// Walks every row of the shipped 2021 directory file: for each item, projects stated around its thresholds (each
// number at, just under and just over every constant the row compares it with; every value of each choice) are
// classified through its own industry code, and must land on that item, in the column whose condition the facts
// meet first (report book, report table, registration), or on "no EIA" where none is met. Every column the
// directory fills must be reachable: a column no facts can reach is a transcription error (a shadowed condition, a
// wrong selector or code).
import type { EiaCategory } from '@permits/contracts/enums';
import { evaluate, type AttributeValue, type Condition } from '@permits/workflow/engine';
import { classify } from './classify';
import { CATEGORY_COLUMNS, loadEiaCatalogue, type DirectoryRow } from './eia-catalogue';

const catalogue = loadEiaCatalogue();
const d2021 = catalogue.directories.find((d) => d.version === '2021')!;
// before the local exemption list (2021-07-01): the directory alone decides
const ON = '2021-03-01';

function constants(condition: Condition, into: Map<string, Set<number>>): Map<string, Set<number>> {
  if ('always' in condition) return into;
  if ('not' in condition) return constants(condition.not, into);
  if ('all' in condition || 'any' in condition) {
    for (const part of 'all' in condition ? condition.all : condition.any) constants(part, into);
    return into;
  }
  if ('attr' in condition) {
    const set = into.get(condition.attr) ?? new Set<number>();
    for (const op of ['gte', 'gt', 'lte', 'lt'] as const) {
      const c = (condition as Record<string, unknown>)[op];
      if (typeof c === 'number') [c, c * 0.99 - 0.001, c * 1.01 + 0.001].forEach((v) => set.add(Math.max(0, Number(v.toFixed(4)))));
    }
    set.add(0);
    into.set(condition.attr, set);
  }
  return into;
}

function conditionsOf(row: DirectoryRow): Condition[] {
  return [row.selectWhen?.when, ...CATEGORY_COLUMNS.map(([column]) => row[column]?.when)].filter((c): c is Condition => c !== undefined);
}

/** Each attribute the row reads, with the values worth trying. */
function domains(row: DirectoryRow): [string, AttributeValue[]][] {
  const numbers = new Map<string, Set<number>>();
  conditionsOf(row).forEach((c) => constants(c, numbers));
  const names = [...numbers.keys()];
  return names.map((name) => {
    const spec = catalogue.attributes.get(name)!;
    if (spec.type === 'boolean') return [name, [true, false]];
    if (spec.type === 'string') return [name, [...spec.values!]];
    return [name, [...numbers.get(name)!].sort((a, b) => a - b)];
  });
}

/** Up to `limit` assignments: every combination when there are few, a fixed pseudo-random sample otherwise. */
function assignments(row: DirectoryRow, limit = 4000): Record<string, AttributeValue>[] {
  const ds = domains(row);
  const total = ds.reduce((n, [, values]) => n * values.length, 1);
  const pick = (index: number) => {
    const out: Record<string, AttributeValue> = {};
    let rest = index;
    for (const [name, values] of ds) {
      out[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    return out;
  };
  if (total <= limit) return Array.from({ length: total }, (_, i) => pick(i));
  let seed = Number(row.id) * 7919;
  const next = () => (seed = (seed * 48271) % 2147483647);
  return Array.from({ length: limit }, () => pick(next() % total));
}

/** What the row's own columns say of the facts: the first that holds, or none. */
function expected(row: DirectoryRow, attributes: Record<string, AttributeValue>): EiaCategory {
  for (const [column, category] of CATEGORY_COLUMNS) {
    const rule = row[column];
    if (rule && evaluate(rule.when, { attributes }).value === true) return category;
  }
  return 'exempt';
}

describe('every row of the 2021 directory file', () => {
  it('holds all 173 items', () => {
    expect(d2021.rows.map((row) => row.directoryNo)).toEqual(Array.from({ length: 173 }, (_, i) => i + 1));
  });

  it.each(d2021.rows.map((row) => [row.id, row.item, row] as const))('No. %s %s classifies to its own columns, each reachable', (_id, _item, row) => {
    const code = row.industryCodes[0];
    const reached = new Set<EiaCategory>();
    for (const facts of assignments(row)) {
      const attributes = { ...facts, ...(row.industrialBuildingOnly.includes(code) ? { industrialBuilding: true } : {}) };
      if (row.selectWhen && evaluate(row.selectWhen.when, { attributes }).value !== true) continue;
      const result = classify({ industryCode: code, attributes, declaredOn: ON }, { today: ON, catalogue });
      const want = expected(row, attributes);
      expect({ facts, category: result.category, rowId: 'rowId' in result.basis ? result.basis.rowId : undefined }).toEqual({
        facts,
        category: want,
        rowId: row.id,
      });
      reached.add(want);
    }
    const filled = CATEGORY_COLUMNS.filter(([column]) => row[column] !== undefined).map(([, category]) => category);
    for (const category of filled) expect([row.id, category, reached.has(category)]).toEqual([row.id, category, true]);
  });
});
