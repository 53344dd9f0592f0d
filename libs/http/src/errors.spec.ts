import { ArgumentsHost, BadRequestException, ForbiddenException, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DOMAIN_ERROR_STATUS, DomainError, invalidRequest } from '@permits/core';
import { ERROR_CODES, errorBody, ErrorFilter, GENERIC_ERROR_CODES, isUnavailable, STABLE_ERROR_CODES } from './errors';

function pgError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

describe(isUnavailable.name, () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a Redis connection gone', new Error('Connection is closed.')],
    ['a wrapped driver error', Object.assign(new Error('query failed'), { driverError: pgError('57P01', 'terminating') })],
    ['a service that did not answer in time', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    [
      'a service that refused the connection',
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3101'), { code: 'ECONNREFUSED' }) }),
    ],
    ['a service that died mid-answer', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })],
    ['several refused attempts', new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })])],
  ])('counts %s as unavailable', (_, err) => {
    expect(isUnavailable(err)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a bug with a cause', new Error('mapping failed', { cause: new RangeError('Invalid time value') })],
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a bad input value', pgError('22P02', 'invalid input syntax for type uuid')],
    ['nothing', undefined],
  ])('does not count %s', (_, err) => {
    expect(isUnavailable(err)).toBe(false);
  });
});

describe(ErrorFilter.name, () => {
  it('answers 503 with Retry-After and no stack when the database went away', () => {
    const headers: Record<string, string> = {};
    let status = 0;
    let body: Record<string, unknown> = {};
    // a stand-in for Fastify's reply, as the filter uses it
    const res = {
      sent: false,
      header(k: string, v: string) {
        headers[k.toLowerCase()] = v;
        return this;
      },
      status(s: number) {
        status = s;
        return this;
      },
      send(b: Record<string, unknown>) {
        body = b;
        return this;
      },
    };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ id: 'corr-1' }) }) } as unknown as ArgumentsHost;
    new ErrorFilter().catch(pgError('57P01', 'terminating connection due to administrator command'), host);
    expect(status).toBe(503);
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
    expect(body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', correlationId: 'corr-1' });
    expect(JSON.stringify(body)).not.toMatch(/administrator|at .*\.js/);
  });
});

/** Runs the filter on an error and answers what the client would get. */
function answer(err: unknown): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  // a stand-in for Fastify's reply, as the filter uses it
  const res = {
    sent: false,
    header() {
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ id: 'corr-1' }) }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(err, host);
  return sent;
}

describe(ErrorFilter.name, () => {
  it('answers a domain error with its status and its stable code', () => {
    expect(answer(new DomainError('INDUSTRY_NOT_COVERED', 'the loaded directory does not cover 6510'))).toEqual({
      status: 422,
      body: { statusCode: 422, error: 'Unprocessable Entity', message: 'the loaded directory does not cover 6510', code: 'INDUSTRY_NOT_COVERED' },
    });
    expect(answer(new DomainError('NO_DIRECTORY_IN_FORCE', 'no directory on 2017-01-01'))).toMatchObject({
      status: 422,
      body: { code: 'NO_DIRECTORY_IN_FORCE' },
    });
    expect(answer(new DomainError('NOT_FOUND', 'application not found'))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('answers the 400 of a DomainError as the validation pipe does: one line per problem, VALIDATION_FAILED', () => {
    expect(answer(invalidRequest('from: 2026-02-30 is not a calendar date', 'from must not be after to'))).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: ['from: 2026-02-30 is not a calendar date', 'from must not be after to'],
        code: 'VALIDATION_FAILED',
      },
    });
    expect(answer(new DomainError('UNAUTHORIZED', 'Unauthorized'))).toMatchObject({ status: 401, body: { message: 'Unauthorized', code: 'UNAUTHORIZED' } });
  });
});

describe(DomainError.name, () => {
  it('answers with the status of its code and one line per problem, as a validation 400 does', () => {
    expect(answer(new DomainError('VALIDATION_FAILED', ['from: 2026-02-30 is not a calendar date', 'to: x']))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: ['from: 2026-02-30 is not a calendar date', 'to: x'], code: 'VALIDATION_FAILED' },
    });
    expect(answer(new DomainError('VALIDATION_FAILED', ['cursor: not a cursor of this list']))).toEqual(
      answer(new BadRequestException(['cursor: not a cursor of this list'])),
    );
  });

  it.each([
    [new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send application/json'), new HttpException({ statusCode: 415, message: 'send application/json' }, 415)],
    [new DomainError('SERVICE_UNAVAILABLE', 'the register does not answer'), new HttpException('the register does not answer', 503)],
    [new DomainError('FORBIDDEN', 'Forbidden'), new ForbiddenException()],
    [new DomainError('NOT_FOUND', 'the manual clock is off'), new NotFoundException('the manual clock is off')],
  ])('answers %p exactly as the HttpException it replaces', (domain, http) => {
    expect(answer(domain)).toEqual(answer(http));
  });

  it('answers a code outside the table without a status as a 500, never guessing', () => {
    expect(answer(new DomainError('SOMETHING_NEW', 'x'))).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
  });

  it('answers a domain error with the status of its code, and its lines as an array', () => {
    expect(answer(new DomainError('UNAUTHORIZED', 'X-Nonce was used before'))).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'X-Nonce was used before', code: 'UNAUTHORIZED' },
    });
    expect(answer(new DomainError('VALIDATION_FAILED', ['findings must say what was found']))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: ['findings must say what was found'], code: 'VALIDATION_FAILED' },
    });
  });
});

describe('every error answer carries a code', () => {
  it("passes an HttpException's own code through (413 QUOTA_EXCEEDED)", () => {
    const quota = new HttpException({ statusCode: 413, error: 'Payload Too Large', code: 'QUOTA_EXCEEDED', message: 'upload quota exceeded' }, 413);
    expect(answer(quota)).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'upload quota exceeded', code: 'QUOTA_EXCEEDED' },
    });
  });

  it.each([
    [new BadRequestException(['name must be a string']), 400, 'VALIDATION_FAILED'],
    [new UnauthorizedException(), 401, 'UNAUTHORIZED'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new HttpException('too many requests: slow down', 429), 429, 'RATE_LIMITED'],
    [new HttpException({ statusCode: 415, message: 'not a PDF' }, 415), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('gives %p the generic code of its status', (err, status, code) => {
    expect(answer(err)).toMatchObject({ status, body: { statusCode: status, code } });
  });

  it('gives a 500 the code INTERNAL_ERROR and its correlation id', () => {
    expect(answer(new TypeError('bug'))).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR', correlationId: 'corr-1' } });
  });

  it('lists every code it can give in ERROR_CODES (so the labels and the document name them)', () => {
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        'QUOTA_EXCEEDED',
        'VALIDATION_FAILED',
        'RATE_LIMITED',
        'INTERNAL_ERROR',
        'SERVICE_UNAVAILABLE',
        'STALE_VERSION',
        'INVALID_TRANSITION',
      ]),
    );
    expect(errorBody(502, 'bad gateway')).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'bad gateway', code: 'BAD_GATEWAY' });
  });
});

describe('stable error codes', () => {
  it.each(Object.entries(DOMAIN_ERROR_STATUS))('%s reaches the client with its status %i and its code', (code, status) => {
    const sent = answer(new DomainError(code, `a ${code} happened`));
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ statusCode: status, code, message: `a ${code} happened` });
  });

  it('answers QUOTA_EXCEEDED as 413 Payload Too Large with its code', () => {
    expect(answer(new DomainError('QUOTA_EXCEEDED', 'upload quota exceeded'))).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'upload quota exceeded', code: 'QUOTA_EXCEEDED' },
    });
  });

  it('keeps the code of an HttpException built with one', () => {
    expect(answer(new HttpException({ statusCode: 413, error: 'Payload Too Large', code: 'QUOTA_EXCEEDED', message: 'over quota' }, 413))).toMatchObject({
      status: 413,
      body: { code: 'QUOTA_EXCEEDED', message: 'over quota' },
    });
    // one built without a code gets its status's generic code
    expect((answer(new HttpException('plain', 400)).body as Record<string, unknown>).code).toBe('VALIDATION_FAILED');
  });

  it('lists every code the filter can send, each reaching the client', () => {
    const seen = new Set<string>();
    for (const code of Object.keys(DOMAIN_ERROR_STATUS)) seen.add((answer(new DomainError(code, 'x')).body as { code: string }).code);
    seen.add((answer(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).body as { code: string }).code);
    for (const status of Object.keys(GENERIC_ERROR_CODES)) seen.add((answer(new HttpException('x', Number(status))).body as { code: string }).code);
    expect([...seen].sort()).toEqual([...STABLE_ERROR_CODES].sort());
  });
});
