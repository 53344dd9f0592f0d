import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Project {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile?: string;
}

const ROOT = join(__dirname, '..');
const cli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
  collection?: string;
  compilerOptions: { tsConfigPath: string };
  projects: Record<string, Project>;
};
const dirs = (under: string) =>
  readdirSync(join(ROOT, under), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

describe('nest-cli.json', () => {
  it('lists every service (an app with src/main.ts) and every lib, and nothing else', () => {
    const of = (type: Project['type']) =>
      Object.entries(cli.projects)
        .filter(([, p]) => p.type === type)
        .map(([name, p]) => [name, p.root]);
    const services = dirs('apps').filter((d) => existsSync(join(ROOT, 'apps', d, 'src', 'main.ts')));
    expect(services).toHaveLength(6);
    expect(of('application').sort()).toEqual(services.map((d) => [d, `apps/${d}`]).sort());
    expect(of('library').sort()).toEqual(
      dirs('libs')
        .map((d) => [d, `libs/${d}`])
        .sort(),
    );
  });

  it('points at sources, entry files and a tsconfig that exist, and names no package that is not installed', () => {
    for (const p of Object.values(cli.projects)) {
      expect(existsSync(join(ROOT, p.sourceRoot))).toBe(true);
      if (p.entryFile) expect(existsSync(join(ROOT, p.sourceRoot, `${p.entryFile}.ts`))).toBe(true);
    }
    expect(existsSync(join(ROOT, cli.compilerOptions.tsConfigPath))).toBe(true);
    if (cli.collection) expect(() => require.resolve(`${cli.collection}/package.json`, { paths: [ROOT] })).not.toThrow();
  });
});
