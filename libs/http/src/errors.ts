import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ValidationError } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DOMAIN_ERROR_STATUS, DomainError, domainStatus, invalidRequest, safeErrorMessage } from '@permits/core';

/**
 * The code of an error that is not a domain error, by HTTP status: every error answer carries a `code` a
 * program can switch on (the portal's labels name each one, GET /api/v1/labels).
 */
export const GENERIC_ERROR_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

/** Every error code an answer may carry: domain codes, specific ones and the generic ones. */
export const ERROR_CODES: string[] = [...new Set([...Object.keys(DOMAIN_ERROR_STATUS), ...Object.values(GENERIC_ERROR_CODES)])].sort();

/**
 * Every stable `code` a client can meet in an error body: the domain codes above and the ones the filter
 * adds itself. A program may switch on these; they never change meaning (add a new one instead).
 */
export const STABLE_ERROR_CODES: readonly string[] = ERROR_CODES;

export const genericErrorCode = (status: number): string => GENERIC_ERROR_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');

/** The one shape of every error answer (OpenAPI: `ErrorResponse`). */
export class ErrorResponse {
  @ApiProperty({ example: 409, description: 'the HTTP status, repeated' })
  statusCode: number;
  @ApiProperty({ example: 'Conflict', description: "the HTTP status's reason phrase" })
  error: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'the task is already completed',
    description: 'for people: one sentence, or (400) one line per invalid field naming it',
  })
  message: string | string[];
  @ApiProperty({
    enum: ERROR_CODES,
    example: 'INVALID_TRANSITION',
    description: 'for programs: stable, never reworded (labels: GET /api/v1/labels, category errorCode)',
  })
  code: string;
  @ApiPropertyOptional({ example: '3f6b1c9e-2a4d-4f8e-9b7a-1c2d3e4f5a6b', description: 'on a 5xx: quote it when reporting the failure' })
  correlationId?: string;
}

type ErrorBody = ErrorResponse;

export function errorBody(status: number, message: string | string[], correlationId?: string, code: string = genericErrorCode(status)): ErrorBody {
  const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code };
  if (correlationId) body.correlationId = correlationId;
  return body;
}

/** Turns class-validator errors into "field.path must be ..." lines that name the field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? `${path}${m.slice(e.property.length)}` : `${path}: ${m}`));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/** The validation pipe's refusal: a domain error like every other 400 of ours (one line per invalid field). */
export const validationExceptionFactory = (errors: ValidationError[]) => invalidRequest(...flattenValidationErrors(errors));

/** One global filter: uniform JSON errors, domain codes mapped, every 5xx logged with its correlation id. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const correlationId = typeof req?.id === 'string' ? req.id : undefined;
    // a route that answered itself (a hijacked stream, a file piped out) has nothing left to say
    if (reply.sent || reply.raw?.headersSent) return;
    const send = (status: number, body: ErrorResponse) => void reply.status(status).send(body);

    if (err instanceof HttpException) {
      const status = err.getStatus();
      const response = err.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? err.message);
      // an HttpException built with a stable code keeps it (e.g. { code: 'QUOTA_EXCEEDED' }); otherwise its status's generic one
      const own =
        typeof response === 'object' && response && typeof (response as { code?: unknown }).code === 'string' ? (response as { code: string }).code : undefined;
      send(status, errorBody(status, message, undefined, own));
      return;
    }
    const mapped = domainStatus(err);
    if (mapped) {
      const message = err instanceof DomainError ? err.messages : (err as Error).message;
      send(mapped, errorBody(mapped, message, undefined, (err as { code: string }).code));
      return;
    }
    // Fastify's own refusals (a body too large, a media type no parser takes…) reach us as its errors
    const parserStatus = bodyParserStatus(err);
    if (parserStatus) {
      send(parserStatus.status, errorBody(parserStatus.status, parserStatus.message));
      return;
    }
    if (isUnavailable(err)) {
      this.logger.warn({ err: safeErrorMessage(err), code: (err as { code?: string }).code, correlationId }, 'database or Redis busy or unreachable');
      void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      send(HttpStatus.SERVICE_UNAVAILABLE, errorBody(503, 'the service is briefly unavailable, try again', correlationId));
      return;
    }
    this.logger.error({ err, correlationId }, 'unhandled error');
    send(HttpStatus.INTERNAL_SERVER_ERROR, errorBody(500, 'internal error', correlationId));
  }
}

/** What a 503 asks the client to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/** PostgreSQL SQLSTATEs that mean "the server is going away, starting, overloaded or cancelled us", not "your input". */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-4]|53300|53400|57014|40001|40P01|55P03)$/;
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // fetch (undici) to a service that went away mid-answer or did not answer in time
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection (is )?closed|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|Reached the max retries per request limit|Stream isn't writeable|Query read timeout/i;

/**
 * Whether an error means PostgreSQL or Redis is down, restarting, overloaded or too slow: the request may
 * succeed if sent again, so it answers 503 with Retry-After rather than 500. (A serialization failure or a
 * deadlock is also worth sending again.)
 */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; errors?: unknown; cause?: unknown; name?: unknown };
  // fetch to a service that did not answer in time (AbortSignal.timeout)
  if (e.name === 'TimeoutError') return true;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // TypeORM wraps the driver's error; Node wraps several connection attempts in an AggregateError
  if (e.driverError && e.driverError !== err && isUnavailable(e.driverError)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isUnavailable(x))) return true;
  // fetch wraps the refused or reset connection to a service: TypeError('fetch failed', { cause })
  if (e.cause && e.cause !== err && isUnavailable(e.cause)) return true;
  return false;
}

/** The answer to a refusal of Fastify's (its FST_ERR_* errors) or of a body reader, in our words; undefined for anything else. */
export function bodyParserStatus(err: unknown): { status: number; message: string } | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: string; statusCode?: number; status?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'malformed JSON body' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'body larger than 1 MiB' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: e.statusCode ?? 400, message: e.message ?? 'bad request' };
    default: {
      const status = e.statusCode ?? e.status;
      return typeof status === 'number' && status >= 400 && status < 500 ? { status, message: e.message ?? 'bad request' } : undefined;
    }
  }
}
