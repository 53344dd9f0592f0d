import { createHash } from 'node:crypto';
import { AnchorLeaf, leafHash, merkleRoot, nextLeaves } from './merkle';

const leaves = (n: number): AnchorLeaf[] => Array.from({ length: n }, (_, i) => [`case-${String(i).padStart(3, '0')}`, i + 1, `h${i}`]);
const node = (a: Buffer, b: Buffer) => createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest();

describe('merkleRoot', () => {
  it('is the leaf hash for one leaf, and the pair hash for two', () => {
    const [a, b] = leaves(2);
    expect(merkleRoot([a])).toBe(leafHash(a).toString('hex'));
    expect(merkleRoot([a, b])).toBe(node(leafHash(a), leafHash(b)).toString('hex'));
  });

  it('carries an odd node up: three leaves are ((a b) c)', () => {
    const [a, b, c] = leaves(3);
    expect(merkleRoot([a, b, c])).toBe(node(node(leafHash(a), leafHash(b)), leafHash(c)).toString('hex'));
  });

  it('does not depend on the order the leaves come in', () => {
    const l = leaves(7);
    expect(merkleRoot([...l].reverse())).toBe(merkleRoot(l));
  });

  it('changes with any leaf: a count, a head, a case more or less', () => {
    const l = leaves(9);
    const root = merkleRoot(l);
    expect(merkleRoot(l.map((x, i) => (i === 4 ? ([x[0], x[1] + 1, x[2]] as AnchorLeaf) : x)))).not.toBe(root);
    expect(merkleRoot(l.map((x, i) => (i === 8 ? ([x[0], x[1], 'other'] as AnchorLeaf) : x)))).not.toBe(root);
    expect(merkleRoot(l.slice(1))).not.toBe(root);
    expect(merkleRoot([...l, ['case-999', 1, 'x']])).not.toBe(root);
  });

  it('has a root for no leaves', () => {
    expect(merkleRoot([])).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('nextLeaves', () => {
  it('takes every case as it is now when it grew or stayed', () => {
    expect(nextLeaves([['a', 1, 'h1']], [['a', 2, 'h2'], ['b', 1, 'x']])).toEqual([['a', 2, 'h2'], ['b', 1, 'x']]);
  });

  it('carries a case that is gone, or shorter, as the previous anchor saw it', () => {
    const prev: AnchorLeaf[] = [['a', 3, 'h3'], ['b', 2, 'y2'], ['c', 1, 'z']];
    expect(nextLeaves(prev, [['a', 2, 'h2'], ['c', 1, 'z']])).toEqual([['a', 3, 'h3'], ['b', 2, 'y2'], ['c', 1, 'z']]);
  });
});
