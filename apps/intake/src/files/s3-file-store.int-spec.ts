import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { stage } from './file-store';
import { S3Error, S3FileStore, S3Options } from './s3-file-store';

jest.setTimeout(60_000);

// s3rver (devDependency, pure JavaScript): a real S3-compatible HTTP server (it checks the access key, not
// SigV4 signatures: the verifying front below does that)
// eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no types and no ES module
const S3rver = require('s3rver') as new (o: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** s3rver's built-in account. */
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'materials';
const REGION = 'cn-north-1';
/** Virtual-hosted requests go to {bucket}.s3.localtest, which this agent resolves to loopback. */
const SERVICE_DOMAIN = 'localtest';
const loopbackAgent = new Agent({
  lookup: ((hostname: string, options: object, callback: (...args: unknown[]) => void) =>
    hostname.endsWith(`.${SERVICE_DOMAIN}`)
      ? (options as { all?: boolean }).all
        ? callback(null, [{ address: '127.0.0.1', family: 4 }])
        : callback(null, '127.0.0.1', 4)
      : dnsLookup(hostname, options, callback as never)) as never,
});

/** The SHA-256 the signer wants, from node:crypto. */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Bytes): string | Buffer =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);
class Sha256 {
  private readonly h;
  constructor(secret?: Bytes) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Bytes): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

/**
 * Whether a request carries a valid SigV4 signature for `secret`: recomputed with the AWS SDK's own signer
 * (@smithy/signature-v4) over the headers the request says it signed, its date and its payload hash.
 */
async function signatureValid(req: IncomingMessage, secret: string, region: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return false;
  const [, accessKeyId, signedHeaders, signature] = m;
  const headers: Record<string, string> = {};
  for (const h of signedHeaders.split(';')) headers[h] = String(req.headers[h] ?? '');
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const date = String(req.headers['x-amz-date']);
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials: { accessKeyId, secretAccessKey: secret, sessionToken: headers['x-amz-security-token'] },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: decodeURIComponent(url.pathname),
      query,
      headers,
    },
    { signingDate, signableHeaders: new Set(Object.keys(headers)) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

/** A front for s3rver that refuses (403 SignatureDoesNotMatch) what S3 would refuse for a bad signature, and forwards the rest. */
function verifyingFront(s3rverPort: number, secret: string, region: string): Server {
  return createServer((req, res) => {
    void signatureValid(req, secret, region).then((ok) => {
      if (!ok) {
        req.resume();
        return void res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end(
            '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>',
          );
      }
      const upstream = httpRequest({ host: '127.0.0.1', port: s3rverPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
    });
  });
}

interface Seen {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * S3FileStore, through the AWS SDK, against s3rver: path-style and virtual-hosted addressing, temporary
 * credentials (a session token), signatures refused with the wrong key, and retries past a flaky proxy.
 */
describe(S3FileStore.name, () => {
  let server: InstanceType<typeof S3rver>;
  let front: Server;
  /** Where the stores send: the verifying front. */
  let port: number;
  let s3rverPort: number;
  let dir: string;
  let staging: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, serviceEndpoint: SERVICE_DOMAIN, configureBuckets: [{ name: BUCKET }] });
    s3rverPort = (await server.run()).port;
    front = verifyingFront(s3rverPort, KEYS.secretAccessKey, REGION);
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    port = (front.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => front?.close(r));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    staging = mkdtempSync(join(tmpdir(), 's3-staging-'));
  });
  afterEach(() => rmSync(staging, { recursive: true, force: true }));

  /** A store, and the requests it sends as signed (after the SDK's signing, before the wire). */
  function store(o: Partial<S3Options> = {}): { s: S3FileStore; seen: Seen[] } {
    const s = new S3FileStore({
      endpoint: `http://127.0.0.1:${port}`,
      region: REGION,
      bucket: BUCKET,
      prefix: 'files/',
      addressing: 'path',
      credentials: KEYS,
      stagingDir: staging,
      ...o,
    });
    const seen: Seen[] = [];
    s.client.middlewareStack.add(
      (next) => async (args) => {
        const r = (args as { request: { method: string; hostname: string; port?: number; path: string; headers: Record<string, string> } }).request;
        seen.push({ method: r.method, host: r.headers.host ?? r.hostname, path: r.path, headers: { ...r.headers } });
        return next(args);
      },
      { step: 'deserialize', name: 'seen-by-test' },
    );
    return { s, seen };
  }

  it('puts a buffer, a stream and a staged upload under {prefix}{sha256} (path-style), reads and deletes them', async () => {
    const { s, seen } = store();
    const a = Buffer.from('%PDF-1.4 buffer %%EOF');
    const b = Buffer.from('%PDF-1.4 stream %%EOF');
    const c = Buffer.from('%PDF-1.4 staged %%EOF');
    expect(await s.put(a)).toEqual({ sha256: sha(a), size: a.length });
    expect(await s.put(Readable.from([b.subarray(0, 3), b.subarray(3)]))).toEqual({ sha256: sha(b), size: b.length });
    expect(await s.put(await stage(c, staging))).toEqual({ sha256: sha(c), size: c.length });
    for (const x of [a, b, c]) expect(await readAll((await s.get(sha(x))) as Readable)).toEqual(x);
    expect(seen.find((r) => r.method === 'PUT')).toMatchObject({
      path: `/${BUCKET}/files/${sha(a)}`,
      headers: { 'x-amz-checksum-sha256': Buffer.from(sha(a), 'hex').toString('base64') },
    });
    expect(seen.every((r) => /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/cn-north-1\/s3\/aws4_request/.test(r.headers.authorization))).toBe(true);
    expect(readdirSync(staging)).toEqual([]); // scratch files removed

    await s.delete(sha(a));
    expect(await s.has(sha(a))).toBe(false);
    await s.delete(sha(a)); // gone already: no error
  });

  it('does not upload content the bucket already holds', async () => {
    const { s, seen } = store();
    const a = Buffer.from('the same bytes twice');
    await s.put(a);
    const before = seen.length;
    await s.put(a);
    expect(seen.slice(before).map((r) => r.method)).toEqual(['HEAD']);
  });

  it('answers false and null for content it does not hold', async () => {
    const { s } = store();
    expect(await s.has('0'.repeat(64))).toBe(false);
    expect(await s.get('0'.repeat(64))).toBeNull();
  });

  it('addresses the bucket as a virtual host when asked', async () => {
    const { s, seen } = store({ endpoint: `http://s3.${SERVICE_DOMAIN}:${port}`, addressing: 'virtual', agent: loopbackAgent });
    const a = Buffer.from('%PDF-1.4 virtual host %%EOF');
    await s.put(a);
    expect(seen.find((r) => r.method === 'PUT')).toMatchObject({
      host: expect.stringMatching(new RegExp(`^${BUCKET}\\.s3\\.${SERVICE_DOMAIN}(:\\d+)?$`)),
      path: `/files/${sha(a)}`,
    });
    // the same object, seen path-style
    expect(await readAll((await store().s.get(sha(a))) as Readable)).toEqual(a);
  });

  it('signs with temporary credentials: the session token travels, signed', async () => {
    const { s, seen } = store({ credentials: { ...KEYS, sessionToken: 'FwoGZXIvYXdzEBYaDH-temporary-token' } });
    const a = Buffer.from('%PDF-1.4 temporary credentials %%EOF');
    await s.put(a);
    expect(await s.has(sha(a))).toBe(true);
    for (const r of seen) {
      expect(r.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEBYaDH-temporary-token');
      expect(r.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    }
  });

  it('fails with the store answer when the keys are wrong, and keeps no scratch file', async () => {
    const { s } = store({ credentials: { ...KEYS, secretAccessKey: 'wrong-secret' } });
    await expect(s.put(Buffer.from('x'))).rejects.toMatchObject({ status: 403 });
    await expect(s.put(Readable.from([Buffer.from('y')]))).rejects.toBeInstanceOf(S3Error);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('retries a request the store answered 503, buffers and streams alike', async () => {
    // a proxy in front of s3rver that answers every other request 503 SlowDown
    let n = 0;
    const forwarded: string[] = [];
    const proxy: Server = createServer((req, res) => {
      if (n++ % 2 === 0) {
        req.resume();
        return void res
          .writeHead(503, { 'content-type': 'application/xml' })
          .end('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      }
      forwarded.push(String(req.method));
      const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const { s } = store({ endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, maxAttempts: 3 });
      const a = Buffer.from('%PDF-1.4 retried buffer %%EOF');
      const b = Buffer.from('%PDF-1.4 retried stream %%EOF');
      await s.put(a);
      await s.put(Readable.from([b]));
      expect(await s.has(sha(a))).toBe(true);
      expect(await readAll((await s.get(sha(b))) as Readable)).toEqual(b);
      expect(forwarded.filter((m) => m === 'PUT')).toHaveLength(2);
      expect(n).toBeGreaterThan(forwarded.length); // some answers were 503, and retried
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
