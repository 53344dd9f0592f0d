import SwaggerParser from '@apidevtools/swagger-parser';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..');
const FILE = join(ROOT, 'apps', 'gateway', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the OpenAPI document as untyped JSON
const doc = (): Json => JSON.parse(readFileSync(FILE, 'utf8'));
const operations = (d: Json) =>
  Object.entries(d.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, op: item[m] as Json })),
  );

/** The committed document (apps/gateway/openapi.json) under two validators and our own completeness rules. */
describe('the committed OpenAPI document', () => {
  it('has no error and no warning under Redocly lint, recommended rules (redocly.yaml; per-location exceptions with reasons in .redocly.lint-ignore.yaml)', async () => {
    const bin = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const run = await promisify(execFile)(process.execPath, [bin, 'lint', '--format=json', '--max-problems=1000'], {
      cwd: ROOT,
      env,
      maxBuffer: 32 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('is valid OpenAPI 3.0 for @apidevtools/swagger-parser (schema, references, parameters)', async () => {
    await expect(SwaggerParser.validate(doc() as never)).resolves.toBeDefined();
  });

  it('gives every operation a summary, a security requirement and its path parameters', () => {
    const problems = operations(doc()).flatMap(({ key, path, op }) => {
      const out: string[] = [];
      if (!op.summary?.trim()) out.push(`${key}: no summary`);
      if (!Array.isArray(op.security)) out.push(`${key}: no security (bearer, signedRequest, or [] for a public operation)`);
      const declared = new Set((op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name));
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) if (!declared.has(name)) out.push(`${key}: path parameter ${name} not declared`);
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('gives every operation a 2xx answer with a schema and an example (204: no body)', () => {
    const problems = operations(doc()).flatMap(({ key, op }) => {
      const ok = Object.entries(op.responses as Json).filter(([status]) => /^2\d\d$/.test(status));
      if (!ok.length) return [`${key}: no 2xx answer`];
      return ok.flatMap(([status, r]) => {
        if (status === '204') return [];
        const media = Object.entries((r.content ?? {}) as Json);
        if (!media.length) return [`${key} ${status}: no content`];
        return media.flatMap(([type, m]) => [
          ...(m.schema ? [] : [`${key} ${status} ${type}: no schema`]),
          ...(m.example !== undefined || m.examples ? [] : [`${key} ${status} ${type}: no example`]),
        ]);
      });
    });
    expect(problems).toEqual([]);
  });

  it('answers every error with the one ErrorResponse schema, whose code is a stable enum', () => {
    const d = doc();
    const problems = operations(d).flatMap(({ key, op }) => {
      const errors = Object.entries(op.responses as Json).filter(([status]) => /^[45]\d\d$/.test(status));
      const usesErrorResponse = ([, r]: [string, Json]) => r.content?.['application/json']?.schema?.$ref === '#/components/schemas/ErrorResponse';
      // a probe's 503 answers the health document, not an error
      const own = key.startsWith('GET /health') ? errors.filter(([s]) => s !== '503') : errors;
      return [
        ...(key.startsWith('GET /health') || key === 'GET /metrics' || errors.length ? [] : [`${key}: no error answers`]),
        ...own.filter((e) => !usesErrorResponse(e)).map(([s]) => `${key} ${s}: not ErrorResponse`),
      ];
    });
    expect(problems).toEqual([]);
    const schema = d.components.schemas.ErrorResponse;
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'code']));
    expect(schema.properties.code.enum).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'NOT_FOUND',
        'STALE_VERSION',
        'INVALID_TRANSITION',
        'IDEMPOTENCY_MISMATCH',
        'QUOTA_EXCEEDED',
        'RATE_LIMITED',
        'SERVICE_UNAVAILABLE',
      ]),
    );
  });

  it('declares the signed integrations with the HMAC request-signature scheme and every other non-public operation with bearer JWT', () => {
    const d = doc();
    expect(d.components.securitySchemes.signedRequest).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Signature' });
    expect(d.components.securitySchemes.signedRequest.description).toContain('HMAC-SHA256');
    const signed = operations(d)
      .filter(({ op }) => op.security?.some((s: Json) => 'signedRequest' in s))
      .map((o) => o.key);
    expect(signed.sort()).toEqual(['POST /api/v1/integrations/monitoring/alarms', 'POST /api/v1/integrations/national-eia/declarations']);
    const publicOps = operations(d)
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map((o) => o.key);
    expect(publicOps.every((k) => /\/public\/|^GET \/health|^GET \/metrics/.test(k))).toBe(true);
    const rest = operations(d).filter(({ key }) => !signed.includes(key) && !publicOps.includes(key));
    expect(rest.filter(({ op }) => !op.security.some((s: Json) => 'bearer' in s)).map((o) => o.key)).toEqual([]);
  });

  it('documents no header parameter a client need not send (authorization is the security scheme)', () => {
    const headers = operations(doc()).flatMap(({ key, op }) =>
      (op.parameters ?? []).filter((p: Json) => p.in === 'header' && /^authorization$/i.test(p.name)).map(() => key),
    );
    expect(headers).toEqual([]);
  });
});
