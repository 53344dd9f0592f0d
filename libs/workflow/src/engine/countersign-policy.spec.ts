import { policyProblems, quorumRequired, signersToAsk, tally, type Ballot } from './countersign-policy';
import type { CountersignPolicy } from './definition';
import type { Vote } from './state';

const SIGNERS = ['a', 'b', 'c'];
const ballot = (policy: CountersignPolicy, votes: Record<string, Vote>, veto = false, signers = SIGNERS): Ballot => ({ signers, votes, policy, veto });

describe('tally', () => {
  describe('all', () => {
    const all: CountersignPolicy = { type: 'all' };
    it('stays pending until every signer voted', () => {
      expect(tally(ballot(all, { a: 'approve', b: 'approve' }))).toBe('pending');
    });
    it('approves when every signer approved', () => {
      expect(tally(ballot(all, { a: 'approve', b: 'approve', c: 'approve' }))).toBe('approved');
    });
    it('waits for everyone after a rejection without veto, then rejects', () => {
      expect(tally(ballot(all, { a: 'reject' }))).toBe('pending');
      expect(tally(ballot(all, { a: 'reject', b: 'approve', c: 'approve' }))).toBe('rejected');
    });
    it('rejects at the first rejection with veto', () => {
      expect(tally(ballot(all, { a: 'reject' }, true))).toBe('rejected');
    });
  });

  describe('any', () => {
    const any: CountersignPolicy = { type: 'any' };
    it('approves at the first approval', () => {
      expect(tally(ballot(any, { b: 'approve' }))).toBe('approved');
    });
    it('rejects only once everyone rejected', () => {
      expect(tally(ballot(any, { a: 'reject', b: 'reject' }))).toBe('pending');
      expect(tally(ballot(any, { a: 'reject', b: 'reject', c: 'reject' }))).toBe('rejected');
    });
    it('lets a veto rejection win over later approvals', () => {
      expect(tally(ballot(any, { a: 'reject' }, true))).toBe('rejected');
    });
  });

  describe('quorum', () => {
    it('approves when approvals reach n', () => {
      expect(tally(ballot({ type: 'quorum', n: 2 }, { a: 'approve' }))).toBe('pending');
      expect(tally(ballot({ type: 'quorum', n: 2 }, { a: 'approve', c: 'approve' }))).toBe('approved');
    });
    it('rejects as soon as n approvals became impossible', () => {
      expect(tally(ballot({ type: 'quorum', n: 2 }, { a: 'reject', b: 'reject' }))).toBe('rejected');
    });
    it('rounds a ratio up over the current signers', () => {
      expect(quorumRequired({ ratio: 0.5 }, 3)).toBe(2);
      expect(quorumRequired({ ratio: 2 / 3 }, 3)).toBe(2);
      expect(quorumRequired({ ratio: 0.01 }, 3)).toBe(1);
    });
    it('never approves without a single approval, whatever the parameters', () => {
      expect(quorumRequired({ ratio: 0.1 }, 0)).toBe(1);
      expect(tally(ballot({ type: 'quorum', ratio: 0.1 }, { a: 'reject', b: 'reject', c: 'reject' }))).toBe('rejected');
    });
  });

  describe('sequential', () => {
    const sequential: CountersignPolicy = { type: 'sequential' };
    it('asks one signer at a time, in order', () => {
      expect(signersToAsk(ballot(sequential, {}))).toEqual(['a']);
      expect(signersToAsk(ballot(sequential, { a: 'approve' }))).toEqual(['b']);
    });
    it('approves once everyone approved in turn', () => {
      expect(tally(ballot(sequential, { a: 'approve', b: 'approve', c: 'approve' }))).toBe('approved');
    });
  });

  it('ignores votes of keys that are no longer signers', () => {
    expect(tally(ballot({ type: 'any' }, { x: 'approve', a: 'reject' }, false, ['a']))).toBe('rejected');
  });

  it('asks every pending signer at once when parallel', () => {
    expect(signersToAsk(ballot({ type: 'all' }, { b: 'approve' }))).toEqual(['a', 'c']);
  });
});

describe('policyProblems', () => {
  it.each<[CountersignPolicy, number, boolean]>([
    [{ type: 'all' }, 0, false],
    [{ type: 'all' }, 1, true],
    [{ type: 'quorum', n: 2 }, 2, true],
    [{ type: 'quorum', n: 3 }, 2, false],
    [{ type: 'quorum', n: 0 }, 2, false],
    [{ type: 'quorum', n: 1.5 }, 2, false],
    [{ type: 'quorum', ratio: 0.5 }, 2, true],
    [{ type: 'quorum', ratio: 1.5 }, 2, false],
    [{ type: 'quorum', ratio: 0 }, 2, false],
    [{ type: 'quorum' }, 2, false],
    [{ type: 'quorum', n: 1, ratio: 0.5 }, 2, false],
  ])('%j with %i signers is sane: %s', (policy, count, sane) => {
    expect(policyProblems(policy, count).length === 0).toBe(sane);
  });
});
