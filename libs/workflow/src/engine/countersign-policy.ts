// Countersign policies: when is a vote decided, and which way? Pure functions over signer keys
// and votes. The vote outcome is kept apart from task bookkeeping: the step completes exactly
// when `tally` stops answering 'pending'.
import type { CountersignPolicy } from './definition';
import type { Vote } from './state';

export type Tally = 'pending' | 'approved' | 'rejected';

export interface Ballot {
  /** Current signer keys, in order. */
  signers: readonly string[];
  /** Votes by signer key; votes of keys not in `signers` are ignored. */
  votes: Readonly<Record<string, Vote>>;
  policy: CountersignPolicy;
  veto: boolean;
}

export function tally({ signers, votes, policy, veto }: Ballot): Tally {
  const approvals = signers.filter((s) => votes[s] === 'approve').length;
  const rejections = signers.filter((s) => votes[s] === 'reject').length;
  const pending = signers.length - approvals - rejections;
  if (veto && rejections > 0) return 'rejected';
  switch (policy.type) {
    case 'all':
    case 'sequential':
      // Decided once everyone voted: approved only if every signer approved.
      if (pending > 0) return 'pending';
      return rejections === 0 && approvals > 0 ? 'approved' : 'rejected';
    case 'any':
      if (approvals > 0) return 'approved';
      return pending > 0 ? 'pending' : 'rejected';
    case 'quorum': {
      const required = quorumRequired(policy, signers.length);
      if (approvals >= required) return 'approved';
      return approvals + pending < required ? 'rejected' : 'pending';
    }
  }
}

/**
 * Approvals a quorum needs among `signerCount` signers: `n`, or `ratio` of the signers rounded up.
 * Never less than one: a countersign without a single approval can never be approved.
 */
export function quorumRequired(policy: { n?: number; ratio?: number }, signerCount: number): number {
  const raw = policy.n ?? Math.ceil((policy.ratio ?? 1) * signerCount - 1e-9);
  return Math.max(1, raw);
}

/** The signers whose task should be open now: all pending ones, or (sequential) the first pending one. */
export function signersToAsk(ballot: Pick<Ballot, 'signers' | 'votes' | 'policy'>): string[] {
  const pending = ballot.signers.filter((s) => ballot.votes[s] === undefined);
  return ballot.policy.type === 'sequential' ? pending.slice(0, 1) : pending;
}

/** Problems with a policy's parameters for a given number of signers (for validation and 减签). */
export function policyProblems(policy: CountersignPolicy, signerCount: number): string[] {
  if (signerCount === 0) return ['a countersign needs at least one signer'];
  if (policy.type !== 'quorum') return [];
  const { n, ratio } = policy;
  if ((n === undefined) === (ratio === undefined)) return ['a quorum policy needs exactly one of n and ratio'];
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > signerCount)) {
    return [`quorum n must be an integer from 1 to the number of signers (${signerCount}), got ${n}`];
  }
  if (ratio !== undefined && !(typeof ratio === 'number' && ratio > 0 && ratio <= 1)) {
    return [`quorum ratio must be in (0, 1], got ${String(ratio)}`];
  }
  return [];
}
