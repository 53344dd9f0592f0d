import type { NextFunction, Request, Response } from 'express';

/** Deeper JSON than any request of ours needs; class-transformer and the validator recurse once per level. */
export const MAX_JSON_DEPTH = 32;
/** What a process reads off the wire after it has answered early (the gateway admits at most 50 MiB + envelope). */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * A UTF-16 surrogate without its pair: JSON's `\ud800` escape makes one, PostgreSQL's jsonb refuses it and its
 * text cannot hold it (UTF-8 has no encoding for it).
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL's text and jsonb would refuse `s` (a NUL, a lone surrogate), or undefined when they take it. */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (no lone UTF-16 surrogate)';
  return undefined;
}

/**
 * What makes a parsed JSON body unfit before validation sees it: nesting deeper than MAX_JSON_DEPTH (thousands of
 * levels overflow the stack in the validation pipe), or a key or string PostgreSQL's text and jsonb refuse (a NUL
 * character, a lone UTF-16 surrogate such as `"\ud800"`). Iterative: the check itself cannot overflow. Returns
 * the message, or undefined when it is fine.
 */
export function bodyShapeProblem(body: unknown): string | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: body, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return `strings in the body ${problem}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(v)) for (const x of v) stack.push({ v: x, depth: depth + 1 });
    else
      for (const [k, x] of Object.entries(v)) {
        const problem = textProblem(k);
        if (problem) return `keys in the body ${problem}`;
        stack.push({ v: x, depth: depth + 1 });
      }
  }
  return undefined;
}

/**
 * Holds a response until the request's body has been read off the wire. A route can answer before reading the
 * body (a 401 before a multipart upload, a body no parser wanted); Node then closes the connection under a
 * sender still writing, and a proxy in front (the gateway) sees a reset instead of the answer and turns it into a
 * 503. Draining first (bounded) lets the answer through.
 */
export function answerAfterTheBody(req: Request, res: Response, next: NextFunction): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (req.complete || req.readableEnded || req.destroyed) return end(...args);
    let read = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      end(...args);
    };
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MAX_DRAIN_BYTES) finish();
    });
    req.once('end', finish);
    req.once('error', finish);
    req.once('close', finish);
    req.resume();
    return res;
  }) as typeof res.end;
  next();
}
