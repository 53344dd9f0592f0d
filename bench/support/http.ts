import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads untyped JSON answers; callers name T where they care
export interface Answer<T = any> {
  status: number;
  body: T;
  /** wall time of the exchange, ms */
  ms: number;
}

/** A lean keep-alive JSON client: the load generator shares two cores with the system, so no extras. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Answer above
export function call<T = any>(
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  auth?: string,
  body?: unknown,
  timeoutMs = 30_000,
  contentType = 'application/json',
): Promise<Answer<T>> {
  const started = performance.now();
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: {
          accept: 'application/json',
          ...(auth ? { authorization: auth } : {}),
          ...(payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Throws with the answer when the status is not the expected one. */
export function expectStatus<T>(a: Answer<T>, ...ok: number[]): Answer<T> {
  if (!ok.includes(a.status)) throw new Error(`unexpected ${a.status}: ${JSON.stringify(a.body).slice(0, 300)}`);
  return a;
}

export function closeHttp(): void {
  agent.destroy();
}
