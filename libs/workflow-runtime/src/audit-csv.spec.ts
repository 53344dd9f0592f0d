import { auditCsv } from './audit-csv';

describe('auditCsv', () => {
  it('writes a header and one quoted line per entry, payload as JSON, formulas defused', () => {
    const csv = auditCsv([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'staff-1', action: 'acceptance:accept', payload: { comment: 'ok, "fine"' }, prevHash: null, hash: 'h1' },
      { seq: 2, at: '2026-01-02T00:00:00.000Z', actor: '=cmd()', action: 'line\nbreak', payload: {}, prevHash: 'h1', hash: 'h2' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'seq,at,actor,action,payload,prevHash,hash',
      '1,2026-01-01T00:00:00.000Z,staff-1,acceptance:accept,"{""comment"":""ok, \\""fine\\""""}",,h1',
      '2,2026-01-02T00:00:00.000Z,\'=cmd(),"line\nbreak",{},h1,h2',
      '',
    ]);
  });
});
