import type { Request } from 'express';
import { Transform, type Writable } from 'node:stream';

/**
 * Holds a body that comes without Content-Length (chunked) to `limit` bytes while it streams through the
 * proxy: the gateway cannot refuse it up front as it does a declared length, so it counts. Past the limit
 * the upstream request is cut off and `tooLarge` answers the client (413).
 *
 * The proxy pipes `req` into its upstream request; this puts a counting stream between them, so not a
 * byte more than the limit leaves the gateway and none is lost before the proxy starts reading.
 */
export function capStreamedBody(req: Request, limit: number, tooLarge: () => void): void {
  let seen = 0;
  let over = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) return done(new Error('body over the limit'));
      done(null, chunk);
    },
  });
  const pipe = req.pipe.bind(req);
  req.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    pipe(counter);
    counter.on('error', () => {
      if (over) return;
      over = true;
      req.unpipe(counter);
      tooLarge();
      (destination as unknown as Writable).destroy();
      // what the client still sends is read and dropped until the answer closes the connection
      req.resume();
    });
    return counter.pipe(destination, options);
  }) as typeof req.pipe;
}

/** A body whose length is not declared: chunked transfer encoding (HTTP/1.1). */
export function hasUndeclaredLength(req: Request): boolean {
  return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined;
}
