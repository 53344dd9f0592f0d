import type { ArgumentsHost } from '@nestjs/common';
import { DomainError, ErrorFilter } from './errors';

/** Runs the filter on an error and answers what the client would get. */
function answer(err: unknown): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
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
    expect(answer(new DomainError('NO_DIRECTORY_IN_FORCE', 'no directory on 2017-01-01'))).toMatchObject({ status: 422, body: { code: 'NO_DIRECTORY_IN_FORCE' } });
    expect(answer(new DomainError('NOT_FOUND', 'application not found'))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
