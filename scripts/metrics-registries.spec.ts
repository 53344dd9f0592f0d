import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
const METRIC_TYPES = new Set(['Counter', 'Gauge', 'Histogram', 'Summary']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'console' ? [] : sources(path);
    return /\.ts$/.test(d.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** What a file does with prom-client that no endpoint would serve: metrics or default metrics in its global registry. */
function unserved(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const fromPromClient = new Map<string, string>(); // local name → prom-client export
  for (const s of source.statements) {
    if (!ts.isImportDeclaration(s) || (s.moduleSpecifier as ts.StringLiteral).text !== 'prom-client') continue;
    const named = s.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) for (const e of named.elements) fromPromClient.set(e.name.text, (e.propertyName ?? e.name).text);
    if (named && ts.isNamespaceImport(named)) return [`${relative(ROOT, file)}: imports prom-client as a namespace (name each export)`];
  }
  const found: string[] = [];
  const where = (n: ts.Node) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const hasProperty = (arg: ts.Expression | undefined, name: string) =>
    !!arg && ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === name);
  const visit = (n: ts.Node): void => {
    if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      METRIC_TYPES.has(fromPromClient.get(n.expression.text) ?? '') &&
      !hasProperty(n.arguments?.[0], 'registers')
    )
      found.push(`${where(n)}: a ${n.expression.text} without registers`);
    if (
      ts.isCallExpression(n) &&
      ts.isIdentifier(n.expression) &&
      fromPromClient.get(n.expression.text) === 'collectDefaultMetrics' &&
      !hasProperty(n.arguments[0], 'register')
    )
      found.push(`${where(n)}: collectDefaultMetrics without register`);
    if (ts.isIdentifier(n) && fromPromClient.get(n.text) === 'register' && !ts.isImportSpecifier(n.parent))
      found.push(`${where(n)}: prom-client's global register`);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

describe('prom-client metrics', () => {
  it('are each registered in a registry its process serves, never in the global one that no endpoint serves', () => {
    const files = ['apps', 'libs', 'scripts', 'bench'].flatMap((d) => sources(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => unserved(f))).toEqual([]);
  });

  it('finds a metric without registers (the check can fail)', () => {
    const text =
      "import { Counter as C, collectDefaultMetrics } from 'prom-client';\nexport const c = new C({ name: 'x_total', help: 'x' });\ncollectDefaultMetrics();\n";
    expect(unserved(join(__dirname, 'fixture.ts'), text)).toEqual([
      'scripts/fixture.ts:2: a C without registers',
      'scripts/fixture.ts:3: collectDefaultMetrics without register',
    ]);
  });
});
