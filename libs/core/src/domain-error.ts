/**
 * Domain errors carry a stable `code`; this table is the one place that says which HTTP status each code
 * answers (STYLE.md "Typed domain errors, mapped once"). libs/http's filter reads it; nothing else in the
 * code base builds an HTTP error.
 */
export const DOMAIN_ERROR_STATUS: Record<string, number> = {
  /** A request the validation pipe would refuse too: the message names the field (one line each). */
  VALIDATION_FAILED: 400,
  /** No (valid) credentials. */
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  /** Files: a content type the file store does not take. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Files: over the size limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** Another service this request needs does not answer: try again. */
  SERVICE_UNAVAILABLE: 503,
  TASK_NOT_FOUND: 404,
  NOT_YOUR_TASK: 403,
  FORBIDDEN: 403,
  INVALID_TRANSITION: 409,
  CLOCK_TRANSITION: 409,
  STALE_VERSION: 409,
  CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 422,
  INVALID_INPUT: 400,
  INVALID_DEFINITION: 400,
  INVALID_COMMAND: 400,
  IDEMPOTENCY_CONFLICT: 422,
  /** EIA classification: the loaded directory does not cover the project's industry (never guessed). */
  INDUSTRY_NOT_COVERED: 422,
  /** EIA classification: no loaded directory version is in force on the declaration date. */
  NO_DIRECTORY_IN_FORCE: 422,
  /** Files: one more upload would take the enterprise over its quota (FILES_QUOTA_*). */
  QUOTA_EXCEEDED: 413,
  /** Supervision: the period has its (not cancelled) plan already. */
  PLAN_EXISTS: 409,
  /** Duties (who may act): a decision is a head's of its department. */
  HEAD_REQUIRED: 403,
  /** Duties: four eyes (the reviewer neither votes nor decides; one vote per person and countersign). */
  SAME_PERSON: 409,
  /** Duties: delegate/transfer only to an active member of the task's department in the staff directory. */
  UNKNOWN_ASSIGNEE: 422,
  /** Duties: staff linked to the enterprise, or who declared a recusal on the case, stand aside. */
  CONFLICT_OF_INTEREST: 409,
  /** Extensions: a limit a special law sets (EIA approvals, WEEE qualification) is not extended. */
  EXTENSION_NOT_ALLOWED: 409,
  /** Ratings (好差评): one per case. */
  ALREADY_RATED: 409,
  /** Ratings: only a decided case is rated. */
  NOT_DECIDED: 409,
};

/**
 * An error of our own: a stable `code` (a key of DOMAIN_ERROR_STATUS) for programs and a message for people.
 * The message may be several lines (one per invalid field, as the validation pipe answers a 400): `messages`
 * keeps them, `message` joins them for logs.
 */
export class DomainError extends Error {
  /** The message as the client reads it: one sentence, or one line per problem. */
  readonly messages: string | string[];

  constructor(
    readonly code: keyof typeof DOMAIN_ERROR_STATUS | string,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
    this.name = new.target.name;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);

/** A 400 naming what is wrong with the request, one line per problem (as the validation pipe answers). */
export const invalidRequest = (...problems: string[]) => new DomainError('VALIDATION_FAILED', problems);

/** The HTTP status of a domain error (or anything carrying one of its codes); undefined for any other error. */
export function domainStatus(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return DOMAIN_ERROR_STATUS[(err as { code: string }).code];
  }
  return undefined;
}
