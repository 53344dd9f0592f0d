import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Ant Design warns about its deprecated APIs only in a development build (the console's production bundle strips
// the warnings, so the browser test cannot see them): the console's sources are checked for them here instead.
const DEPRECATED: [RegExp, string][] = [
  [/<Space\b[^>]*\sdirection=/, 'Space direction (use orientation)'],
  [/<Space\.Compact\b[^>]*\sdirection=/, 'Space.Compact direction (use orientation)'],
  [/import\s*(type\s*)?\{[^}]*\bList\b[^}]*\}\s*from\s*'antd'/, 'List (deprecated since antd 6.6)'],
  [/<Timeline\.Item\b/, 'Timeline.Item (use items)'],
  [/<Timeline\b(?:(?!\/>)[^])*\bchildren:/, 'Timeline items.children (use items.content)'],
  [/<Alert\b[^>]*\smessage=/, 'Alert message (use title)'],
  [/<Drawer\b[^>]*\s(width|height)=/, 'Drawer width/height (use size)'],
  [/<Tabs\.TabPane\b/, 'Tabs.TabPane (use items)'],
  [/\sdestroyOnClose\b/, 'destroyOnClose (use destroyOnHidden)'],
  [/\sbordered\b/, 'bordered (use variant)'],
  [/<Input\.Group\b/, 'Input.Group (use Space.Compact)'],
  [/\sdropdownStyle=|\sdropdownClassName=/, 'dropdownStyle/dropdownClassName (use styles.popup/classNames.popup)'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('the console uses current Ant Design APIs', () => {
  const root = join(__dirname, '..', 'apps', 'console', 'src');

  it('finds the screens', () => {
    expect(sources(root).length).toBeGreaterThan(10);
  });

  it.each(sources(root).map((f) => [f.slice(root.length + 1), f]))('%s uses no deprecated Ant Design API', (_name, file) => {
    // one element per line is enough: JSX attributes of one element are joined
    const text = readFileSync(file, 'utf8').replace(/\n\s+/g, ' ');
    expect(DEPRECATED.filter(([re]) => re.test(text)).map(([, what]) => what)).toEqual([]);
  });
});
