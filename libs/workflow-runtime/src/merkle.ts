import { createHash } from 'node:crypto';
import { canonical } from './audit';

/** One case as an anchor saw it: its id, how many audit entries it had, the hash of the newest. */
export type AnchorLeaf = [caseId: string, count: number, head: string | null];

const sha256 = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Leaves and inner nodes are hashed with different prefixes (RFC 6962), so a node cannot pose as a leaf. */
export function leafHash(leaf: AnchorLeaf): Buffer {
  return sha256(Buffer.from([0]), canonical(leaf));
}

/** Case ids in the order of the Merkle tree: UTF-16 code units, as JavaScript compares strings. */
export const byCaseId = (a: AnchorLeaf, b: AnchorLeaf): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The Merkle root over leaves sorted by case id (the order is part of the root): pairs hashed level by
 * level, an odd node carried up as it is. The root of no leaves is sha256 of nothing.
 */
export function merkleRoot(leaves: AnchorLeaf[]): string {
  const b = new MerkleBuilder();
  for (const l of [...leaves].sort(byCaseId)) b.add(l);
  return b.root();
}

/**
 * The same root, built from leaves given one at a time in case-id order, holding one pending node per level
 * (about twenty for a million cases) instead of every leaf: what the anchor of a large store streams into.
 * Refuses leaves out of order (the root would be another tree's).
 */
export class MerkleBuilder {
  /** pending[k]: a node of level k still waiting for its right-hand partner. */
  private readonly pending: (Buffer | undefined)[] = [];
  private last: string | undefined;
  count = 0;

  add(leaf: AnchorLeaf): void {
    if (this.last !== undefined && !(this.last < leaf[0])) throw new Error(`Merkle leaves out of order: ${leaf[0]} after ${this.last}`);
    this.last = leaf[0];
    this.count++;
    let node = leafHash(leaf);
    for (let k = 0; ; k++) {
      const left = this.pending[k];
      if (!left) {
        this.pending[k] = node;
        return;
      }
      this.pending[k] = undefined;
      node = sha256(Buffer.from([1]), left, node);
    }
  }

  /** Level by level, an odd node is carried up unchanged: fold what is pending from the lowest level up. */
  root(): string {
    let carry: Buffer | undefined;
    for (const left of this.pending) {
      if (!left) continue;
      carry = carry ? sha256(Buffer.from([1]), left, carry) : left;
    }
    return (carry ?? sha256()).toString('hex');
  }
}

/**
 * The leaves of the next anchor: every case as it is now, plus every case of the previous anchor that is
 * gone, has fewer entries now, or no longer holds the anchored entry at the anchored position (`heldAt(id, n)`:
 * the hash of entry n now; a same-length chain with another head too), carried as the previous anchor saw
 * it: a deletion or a rewritten prefix stays visible in every later anchor instead of being laundered into
 * the next one. `carried` lists those. Linear in the cases (one map), apart from the sort.
 */
// AuditStore.anchor applies this rule in SQL over the whole table (flat memory); this is its reference,
// which audit-store.int-spec.ts compares the stored leaves against.
export function nextLeaves(
  previous: AnchorLeaf[],
  current: AnchorLeaf[],
  heldAt?: (id: string, n: number) => string | null,
): { leaves: AnchorLeaf[]; carried: AnchorLeaf[] } {
  const now = new Map(current.map((l) => [l[0], l]));
  const out = new Map(now);
  const carried: AnchorLeaf[] = [];
  for (const p of previous) {
    const c = now.get(p[0]);
    const rewritten = c && ((c[1] === p[1] && c[2] !== p[2]) || (c[1] > p[1] && p[1] > 0 && heldAt !== undefined && heldAt(p[0], p[1]) !== p[2]));
    if (!c || c[1] < p[1] || rewritten) {
      out.set(p[0], p);
      carried.push(p);
    }
  }
  return { leaves: [...out.values()].sort(byCaseId), carried };
}
