import { CASE_SERVICES, LICENCE_SERVICES, route, serviceForTaskId } from './routes';

describe('route', () => {
  it.each([
    ['GET', '/api/v1/catalog/items', { kind: 'proxy', service: 'intake' }],
    ['GET', '/api/v1/public/decisions', { kind: 'proxy', service: 'intake' }],
    ['POST', '/api/v1/applications', { kind: 'proxy', service: 'intake' }],
    ['GET', '/api/v1/applications/abc', { kind: 'compose', name: 'application' }],
    ['POST', '/api/v1/applications/abc/supplements', { kind: 'proxy', service: 'intake' }],
    ['POST', '/api/v1/applications/abc/withdraw', { kind: 'case', applicationId: 'abc' }],
    ['POST', '/api/v1/applications/abc/clock/suspend', { kind: 'case', applicationId: 'abc' }],
    ['POST', '/api/v1/applications/abc/countersign/signers', { kind: 'case', applicationId: 'abc' }],
    ['POST', '/api/v1/applications/abc/recusals', { kind: 'case', applicationId: 'abc' }],
    ['POST', '/api/v1/applications/abc/recusals/', { kind: 'case', applicationId: 'abc' }],
    ['GET', '/api/v1/staff', { kind: 'proxy', service: 'intake' }],
    ['PUT', '/api/v1/staff/zhou.approval', { kind: 'proxy', service: 'intake' }],
    ['GET', '/api/v1/staff/zhou.approval/changes', { kind: 'proxy', service: 'intake' }],
    ['GET', '/api/v1/tasks', { kind: 'compose', name: 'tasks' }],
    ['GET', '/api/v1/tasks/stream', { kind: 'task-stream' }],
    ['GET', '/api/v1/tasks/stream/', { kind: 'task-stream' }],
    ['POST', '/api/v1/tasks/stream', { kind: 'task-stream' }],
    ['POST', '/api/v1/tasks/ea_1/COMPLETE', { kind: 'task', taskId: 'ea_1' }],
    ['POST', '/api/v1/tasks/ea_1/complete/', { kind: 'task', taskId: 'ea_1' }],
    ['POST', '/api/v1/tasks/ea_1/complete', { kind: 'task', taskId: 'ea_1' }],
    ['GET', '/api/v1/notifications', { kind: 'proxy', service: 'notification' }],
    ['POST', '/api/v1/eia/classify', { kind: 'proxy', service: 'eia-review' }],
    ['POST', '/api/v1/integrations/national-eia/declarations', { kind: 'proxy', service: 'eia-review' }],
    ['GET', '/api/v1/permits', { kind: 'proxy', service: 'discharge-permit' }],
    ['GET', '/api/v1/public/supervision/plans', { kind: 'proxy', service: 'supervision' }],
    ['GET', '/api/v1/public/supervision/plans/0193a5c6-0000-7000-8000-0000000000a1/checks', { kind: 'proxy', service: 'supervision' }],
    ['GET', '/api/v1/public/supervision/plans/0193a5c6-0000-7000-8000-0000000000a1/inputs', { kind: 'proxy', service: 'supervision' }],
    ['GET', '/api/v1/public/penalties', { kind: 'proxy', service: 'supervision' }],
    ['GET', '/api/v1/public/permits/PW-2026-000001', { kind: 'proxy', service: 'discharge-permit' }],
    ['GET', '/api/v1/public/certificate-key', { kind: 'proxy', service: 'discharge-permit' }],
    ['GET', '/api/v1/permits/PW-2026-000001/certificate', { kind: 'proxy', service: 'discharge-permit' }],
    ['GET', '/api/v1/cases/abc', { kind: 'any-case', caseId: 'abc', part: '' }],
    ['GET', '/api/v1/cases/abc/', { kind: 'any-case', caseId: 'abc', part: '' }],
    ['GET', '/api/v1/cases/abc/audit', { kind: 'any-case', caseId: 'abc', part: '/audit' }],
    ['GET', '/api/v1/cases/abc/diagram', { kind: 'any-case', caseId: 'abc', part: '/diagram' }],
  ])('%s %s', (method, path, expected) => {
    expect(route(method, path)).toEqual(expected);
  });

  it('composes the SLA overview of licences from the licence services only: supervision holds no licence', () => {
    expect(LICENCE_SERVICES).toEqual(['intake', 'eia-review', 'discharge-permit']);
    expect(CASE_SERVICES).toContain('supervision');
  });

  it('knows no other path', () => {
    expect(route('GET', '/api/v1/nothing')).toBeUndefined();
    expect(route('GET', '/etc/passwd')).toBeUndefined();
  });

  it('routes only the paths as API.md spells them: other letter cases are unknown (404), though the routers behind ignore case', () => {
    expect(route('GET', '/api/v1/permits')).toEqual({ kind: 'proxy', service: 'discharge-permit' });
    for (const p of ['/API/V1/PERMITS', '/api/v1/Permits', '/Api/v1/tasks', '/api/V1/supervision/plans']) expect(route('GET', p)).toBeUndefined();
  });

  it('routes a task id by its prefix', () => {
    expect(serviceForTaskId('in_0190')).toBe('intake');
    expect(serviceForTaskId('ea_0190')).toBe('eia-review');
    expect(serviceForTaskId('dp_0190')).toBe('discharge-permit');
    expect(serviceForTaskId('su_0190')).toBe('supervision');
    expect(serviceForTaskId('xx_0190')).toBeUndefined();
    expect(serviceForTaskId('0190')).toBeUndefined();
  });
});
