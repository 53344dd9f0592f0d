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

/**
 * The Merkle root over leaves sorted by case id (the order is part of the root): pairs hashed level by
 * level, an odd node carried up as it is. The root of no leaves is sha256 of nothing.
 */
export function merkleRoot(leaves: AnchorLeaf[]): string {
  const sorted = [...leaves].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (sorted.length === 0) return sha256().toString('hex');
  let level = sorted.map(leafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(Buffer.from([1]), level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0].toString('hex');
}

/**
 * The leaves of the next anchor: every case as it is now, plus every case of the previous anchor that is
 * gone or has fewer entries now, carried as the previous anchor saw it: a deletion stays visible in every
 * later anchor instead of being laundered into the next one. `carried` lists those. Linear in the cases
 * (one map), apart from the sort: the anchor of a million cases must not compare every leaf with every case.
 */
export function nextLeaves(previous: AnchorLeaf[], current: AnchorLeaf[]): { leaves: AnchorLeaf[]; carried: AnchorLeaf[] } {
  const now = new Map(current.map((l) => [l[0], l]));
  const out = new Map(now);
  const carried: AnchorLeaf[] = [];
  for (const p of previous) {
    const c = now.get(p[0]);
    if (!c || c[1] < p[1]) {
      out.set(p[0], p);
      carried.push(p);
    }
  }
  return { leaves: [...out.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)), carried };
}
