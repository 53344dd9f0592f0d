import { signTestToken } from '../../../libs/auth/src/testing/tokens';
import { taskFrame, tokenExpiry } from './task-stream';

describe('task stream frames', () => {
  it('sends a task as one `event: task` frame with its JSON on one data line', () => {
    const task = {
      id: 'in_1',
      caseId: 'c',
      applicationId: 'c',
      kind: 'review',
      dept: 'pollution',
      assignee: 'a\nb',
      dueDate: null,
      slaLevel: 'green',
      createdAt: '2026-12-07T09:30:00.000Z',
    };
    const frame = taskFrame(task);
    expect(frame.endsWith('\n\n')).toBe(true);
    const lines = frame.slice(0, -2).split('\n');
    expect(lines).toEqual(['event: task', `data: ${JSON.stringify(task)}`]); // a newline in a field stays escaped
    expect(JSON.parse(lines[1].slice('data: '.length))).toEqual(task);
  });
});

describe('tokenExpiry', () => {
  it("reads the verified token's exp, so the stream ends with the token", () => {
    const token = signTestToken({ id: 'li', name: 'Li', roles: ['officer'], dept: 'pollution' }, 'secret');
    const exp = tokenExpiry({ headers: { authorization: `Bearer ${token}` } });
    expect(exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('has none without a readable token', () => {
    expect(tokenExpiry({ headers: {} })).toBeUndefined();
    expect(tokenExpiry({ headers: { authorization: 'Bearer not-a-jwt' } })).toBeUndefined();
  });
});
