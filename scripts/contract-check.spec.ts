import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { answerProblems, documentedPath } from '../test/support/contract';
import { validated } from '../test/support/system';

// The e2e suite's contract check (test/support/contract.ts, applied by RunningSystem.http): what it looks up and
// what it fails, against the committed document.
describe('answerProblems', () => {
  const entry = { id: '1', seq: 1, at: '2026-11-30T02:15:00.000Z', actor: 'system', action: 'started', payload: {}, prevHash: null, hash: 'ab' };

  it('finds the template of a path: query and trailing slash ignored', () => {
    expect(documentedPath('GET', '/api/v1/applications/abc/audit?limit=5')).toBe('/api/v1/applications/{id}/audit');
    expect(documentedPath('get', 'http://127.0.0.1:3000/api/v1/applications/abc/')).toBe('/api/v1/applications/{id}');
    expect(documentedPath('GET', '/api/v1/labels?lang=en')).toBe('/api/v1/labels');
    expect(documentedPath('POST', '/api/v1/tasks/t1/complete')).toBe('/api/v1/tasks/{id}/complete');
    expect(documentedPath('DELETE', '/api/v1/applications/abc')).toBeUndefined();
    expect(documentedPath('GET', '/api/v1/nothing')).toBeUndefined();
  });

  it("accepts the audit page as sent (string id, the first entry's null prevHash) and refuses a numeric id", () => {
    expect(answerProblems('GET', '/api/v1/applications/x/audit', 200, 'application/json', { items: [entry], nextCursor: null })).toEqual([]);
    expect(answerProblems('GET', '/api/v1/applications/x/audit', 200, 'application/json', { items: [{ ...entry, id: 1 }], nextCursor: null }).join()).toMatch(
      /\/items\/0\/id must be string/,
    );
  });

  it('accepts a withdrawn case without a clock (sla: null) and refuses one without its history', () => {
    const view = { id: 'x', status: 'withdrawn', licenseType: 'discharge_permit', subItemCode: 'S', openTasks: [], history: [], sla: null };
    expect(answerProblems('POST', '/api/v1/applications/x/withdraw', 200, 'application/json', view)).toEqual([]);
    const { history: _dropped, ...withoutHistory } = view;
    expect(answerProblems('POST', '/api/v1/applications/x/withdraw', 200, 'application/json', withoutHistory).join()).toMatch(/history/);
  });

  it('fails a success status the operation does not list; skips an undocumented operation and error status', () => {
    expect(answerProblems('GET', '/api/v1/applications/x/audit', 206, 'application/json', {}).join()).toMatch(/206/);
    expect(answerProblems('GET', '/api/v1/not-documented', 200, 'application/json', { anything: 1 })).toEqual([]);
    expect(answerProblems('GET', '/api/v1/applications/x/audit', 429, 'application/json', {})).toEqual([]);
  });
});

describe('validated (RunningSystem.http)', () => {
  let server: Server;
  let url: string;
  let body: unknown;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fails the request after the test's own expectations when the answer drifts, passes it otherwise", async () => {
    body = { items: [], nextCursor: null };
    await validated(request(url)).get('/api/v1/applications/x/audit').expect(200);
    body = { items: [{ id: 1 }], nextCursor: null };
    await expect(validated(request(url)).get('/api/v1/applications/x/audit').expect(200)).rejects.toThrow(/drifts from apps\/gateway\/openapi.json/);
    // the test's own expectation is reported first
    await expect(validated(request(url)).get('/api/v1/applications/x/audit').expect(201)).rejects.toThrow(/expected 201/);
  });
});
