import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';

/**
 * Holds a body that comes without Content-Length (chunked) to `limit` bytes while it streams through the
 * proxy: the gateway cannot refuse it up front as it does a declared length, so it counts. Past the limit the
 * stream it answers fails, which cuts off the upstream request, and `over` is called (the caller answers 413).
 * Not a byte more than the limit leaves the gateway; what the client still sends is read and dropped.
 */
export function capStreamedBody(req: IncomingMessage, limit: number, over: () => void): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) {
        over();
        req.unpipe(counter);
        req.resume();
        return done(new Error('body over the limit'));
      }
      done(null, chunk);
    },
  });
  req.on('error', (err) => counter.destroy(err));
  return req.pipe(counter);
}

/** A body whose length is not declared: chunked transfer encoding (HTTP/1.1). */
export function hasUndeclaredLength(req: IncomingMessage): boolean {
  return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined;
}
