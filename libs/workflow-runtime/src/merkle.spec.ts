import { createHash } from 'node:crypto';
import { AnchorLeaf, leafHash, MerkleBuilder, merkleRoot, nextLeaves } from './merkle';

const leaves = (n: number): AnchorLeaf[] => Array.from({ length: n }, (_, i) => [`case-${String(i).padStart(3, '0')}`, i + 1, `h${i}`]);
const node = (a: Buffer, b: Buffer) =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(a)
    .update(b)
    .digest();

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
    expect(
      nextLeaves(
        [['a', 1, 'h1']],
        [
          ['a', 2, 'h2'],
          ['b', 1, 'x'],
        ],
      ),
    ).toEqual({
      leaves: [
        ['a', 2, 'h2'],
        ['b', 1, 'x'],
      ],
      carried: [],
    });
  });

  it('carries a case that is gone, or shorter, as the previous anchor saw it', () => {
    const prev: AnchorLeaf[] = [
      ['a', 3, 'h3'],
      ['b', 2, 'y2'],
      ['c', 1, 'z'],
    ];
    expect(
      nextLeaves(prev, [
        ['a', 2, 'h2'],
        ['c', 1, 'z'],
      ]),
    ).toEqual({
      leaves: [
        ['a', 3, 'h3'],
        ['b', 2, 'y2'],
        ['c', 1, 'z'],
      ],
      carried: [
        ['a', 3, 'h3'],
        ['b', 2, 'y2'],
      ],
    });
  });

  it('carries only what went missing out of 200,000 cases', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `case-${String(i).padStart(7, '0')}`);
    const prev: AnchorLeaf[] = ids.map((id) => [id, 2, `h-${id}`]);
    // every tenth case gone, every hundredth shorter, the rest grown
    const now: AnchorLeaf[] = ids.flatMap((id, i): AnchorLeaf[] => (i % 10 === 0 ? [] : [[id, i % 100 === 5 ? 1 : 3, `n-${id}`]]));
    const { leaves, carried } = nextLeaves(prev, now);
    expect(leaves).toHaveLength(200_000);
    expect(carried).toHaveLength(20_000 + 2_000);
    expect(carried.every(([id, n]) => n === 2 && (Number(id.slice(5)) % 10 === 0 || Number(id.slice(5)) % 100 === 5))).toBe(true);
  });
});

describe(MerkleBuilder.name, () => {
  /** The tree as the anchor format defines it, level by level, written out plainly. */
  function levelByLevel(leaves: AnchorLeaf[]): string {
    const h = (...p: Buffer[]) => createHash('sha256').update(Buffer.concat(p)).digest();
    if (leaves.length === 0) return h().toString('hex');
    let level = leaves.map(leafHash);
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? h(Buffer.from([1]), level[i], level[i + 1]) : level[i]);
      level = next;
    }
    return level[0].toString('hex');
  }

  it('streams to the level-by-level root for every size from 0 to 70 leaves', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves: AnchorLeaf[] = Array.from({ length: n }, (_, i) => [`case-${String(i).padStart(3, '0')}`, i % 4, i % 3 ? `h${i}` : null]);
      const b = new MerkleBuilder();
      for (const l of leaves) b.add(l);
      expect({ n, root: b.root() }).toEqual({ n, root: levelByLevel(leaves) });
      expect(b.count).toBe(n);
    }
  });

  it('refuses leaves out of case-id order, or twice', () => {
    const b = new MerkleBuilder();
    b.add(['b', 1, 'x']);
    expect(() => b.add(['a', 1, 'y'])).toThrow(/out of order/);
    expect(() => b.add(['b', 2, 'z'])).toThrow(/out of order/);
  });
});
