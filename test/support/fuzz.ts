import fc from 'fast-check';

/**
 * Requests derived from the served OpenAPI document (GET /docs-json): every operation, its path and query
 * parameters and its request body, first as the document describes them (valid as far as the document can say),
 * then mutated the ways a careless or hostile client would (wrong types, boundary numbers, huge strings, odd
 * unicode, missing and extra fields, bad ids). test/fuzz.e2e-spec.ts sends them through the gateway.
 */

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  example?: unknown;
  format?: string;
  oneOf?: Schema[];
  allOf?: Schema[];
};

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Parameter[];
  headers: Parameter[];
  body?: { contentType: string; schema: Schema };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body: contentType ? { contentType, schema: content[contentType].schema } : undefined,
      });
    }
  }
  return ops;
}

/** What the test knows of the running system: real ids and values that pass the checks the document cannot express. */
export interface Pools {
  ids: Record<string, string[]>;
  strings: Record<string, string[]>;
}

export interface Role {
  name: string;
  auth?: string;
}

export interface FuzzRequest {
  op: string;
  role: string;
  auth?: string;
  method: string;
  url: string;
  contentType?: string;
  headers: Record<string, string>;
  body?: string;
  mutated: boolean;
}

const BAD_IDS = [
  '0',
  '-1',
  'x',
  '00000000-0000-0000-0000-000000000000',
  'in_00000000-0000-0000-0000-000000000000',
  'dp_x',
  'ea_',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%E0%A4%A',
  'a'.repeat(5000),
  '%F0%9F%92%A9',
  "1' OR '1'='1",
  'null',
  'undefined',
  '9'.repeat(40),
  'PW-2026-000001',
  'user',
  'enterprise',
  'dept',
];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '💩'.repeat(100),
  'ＡＢＣ',
  '\u202Eevil',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '%s%n',
  '../../etc/passwd',
  '\r\n\r\nX: y',
  '1e309',
  'NaN',
  '-0',
  '2020-02-30',
  '0000-01-01',
  '+275760-09-13T00:00:00.000Z',
  '2026-02-29T24:00:00Z',
  'true',
  '{}',
  '[]',
];
const BOUNDARY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  -(2 ** 31),
  2 ** 31 - 1,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  5e-324,
  1000,
  1001,
  9999,
  10000,
  65536,
];

const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...BOUNDARY_NUMBERS),
  oddString,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom(1, 'a', null), { maxLength: 3 }),
  fc.integer({ min: 20, max: 200 }).map((n) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown),
);

export class RequestFactory {
  constructor(
    private readonly doc: OpenApiDoc,
    private readonly pools: Pools,
    private readonly roles: Role[],
  ) {}

  private resolve(s: Schema): Schema {
    let cur = s;
    for (let i = 0; cur.$ref && i < 10; i++) cur = this.doc.components?.schemas?.[cur.$ref.split('/').pop() as string] ?? {};
    if (cur.allOf?.length) return this.resolve(cur.allOf[0]);
    if (cur.oneOf?.length) return this.resolve(cur.oneOf[0]);
    return cur;
  }

  /** A value of the schema, as valid as the document (and the pools of known-good values) can make it. */
  valid(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const known = this.pools.strings[name];
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'integer':
      case 'number': {
        const min = s.minimum ?? 0;
        const max = s.maximum ?? Math.max(min + 100, 1000);
        return s.type === 'integer' || Number.isInteger(min) ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = this.valid(s.items ?? {}, name, depth + 1);
        return fc.array(items, { minLength: name === 'materials' ? 1 : 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
      }
      case 'object': {
        if (!s.properties || depth > 6) return fc.constant({});
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(s.properties)) model[k] = this.valid(v, k, depth + 1);
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      }
      default: {
        if (known?.length) return fc.constantFrom(...known);
        if (typeof s.example === 'string') return fc.constant(s.example);
        if (s.format === 'date-time')
          return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
        return fc.string({ minLength: Math.max(1, s.minLength ?? 1), maxLength: Math.min(s.maxLength ?? 30, 30) });
      }
    }
  }

  /** A value mutated at one place: a wrong type, a boundary number, an odd or huge string, a field missing or added. */
  mutated(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const whole = anyJson;
    if (s.type === 'object' && s.properties && depth < 6) {
      const keys = Object.keys(s.properties);
      return fc.tuple(this.valid(s, name, depth) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...keys), fc.nat(3)).chain(([value, key, how]) => {
        const v = { ...value };
        if (how === 0) {
          delete v[key];
          return fc.constant(v as unknown);
        }
        if (how === 1) return fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([k, x]) => ({ ...v, [`${k}_extra`]: x }) as unknown);
        return this.mutated(s.properties![key], key, depth + 1).map((x) => ({ ...v, [key]: x }) as unknown);
      });
    }
    if (s.type === 'array' && s.items) {
      return fc.oneof(
        whole,
        fc.array(this.mutated(s.items, name, depth + 1), { minLength: 1, maxLength: 3 }),
        fc.constant(Array.from({ length: 1001 }, () => ({}))),
      );
    }
    if (s.type === 'number' || s.type === 'integer') return fc.oneof(fc.constantFrom(...BOUNDARY_NUMBERS), whole);
    return fc.oneof(oddString, whole);
  }

  private pathValue(name: string, mutated: boolean): fc.Arbitrary<string> {
    const real = this.pools.ids[name] ?? [];
    const bad = fc.constantFrom(...BAD_IDS);
    if (real.length === 0) return bad;
    return mutated ? fc.oneof(fc.constantFrom(...real), bad) : fc.constantFrom(...real);
  }

  private queryValue(p: Parameter, mutated: boolean): fc.Arbitrary<string> {
    const known = this.pools.strings[p.name];
    const valid = (known?.length ? fc.constantFrom(...known) : this.valid(p.schema ?? { type: 'string' }, p.name)).map((v) => String(v));
    if (!mutated) return valid;
    return fc.oneof(valid, oddString, fc.constantFrom(...BOUNDARY_NUMBERS).map(String), fc.constant('a&b=c'), fc.constant('[]'));
  }

  /** One request of `op`: valid, or mutated in its path, query, headers or body. */
  request(op: Operation): fc.Arbitrary<FuzzRequest> {
    return fc.boolean().chain((mutated) => {
      const path = fc
        .tuple(...op.pathParams.map((n) => this.pathValue(n, mutated)))
        .map((vals) =>
          op.pathParams.reduce(
            (p, n, i) => p.replace(`{${n}}`, vals[i].startsWith('%') || vals[i].includes('%2F') ? vals[i] : encodeURIComponent(vals[i])),
            op.path,
          ),
        );
      const query = fc.tuple(...op.query.map((p) => fc.option(this.queryValue(p, mutated), { nil: undefined, freq: 2 }))).chain((vals) =>
        (mutated
          ? fc.option(
              fc.tuple(
                fc.constantFrom('extra', 'limit', 'cursor', '__proto__'),
                oddString.filter((x) => x.length < 500),
              ),
              { nil: undefined },
            )
          : fc.constant(undefined)
        ).map((extra) => {
          const q = new URLSearchParams();
          op.query.forEach((p, i) => vals[i] !== undefined && q.set(p.name, vals[i] as string));
          if (extra) q.append(extra[0], extra[1]);
          const text = q.toString();
          return text ? `?${text}` : '';
        }),
      );
      const body: fc.Arbitrary<{ contentType?: string; body?: string }> = !op.body
        ? mutated && op.method !== 'GET' && op.method !== 'HEAD' // a GET cannot carry a body (fetch refuses to send one)
          ? fc.option(
              anyJson.map((b) => ({ contentType: 'application/json', body: JSON.stringify(b) })),
              { nil: {} },
            )
          : fc.constant({})
        : op.body.contentType === 'application/json'
          ? (mutated ? fc.oneof(this.mutated(op.body.schema), anyJson) : this.valid(op.body.schema)).chain((b) =>
              fc.constantFrom<{ contentType?: string; body?: string }>(
                { contentType: 'application/json', body: JSON.stringify(b) },
                ...(mutated
                  ? [
                      { body: JSON.stringify(b) },
                      { contentType: 'text/plain', body: JSON.stringify(b) },
                      { contentType: 'application/json', body: JSON.stringify(b).slice(0, -1) },
                    ]
                  : []),
              ),
            )
          : fc.constantFrom<{ contentType?: string; body?: string }>(
              { contentType: op.body.contentType, body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
              { contentType: 'application/json', body: '{}' },
              {},
            );
      const headers = fc.tuple(...op.headers.map((h) => fc.option(this.queryValue(h, mutated), { nil: undefined }))).map((vals) => {
        const out: Record<string, string> = {};
        op.headers.forEach((h, i) => {
          const v = vals[i];
          // a header cannot carry control characters or non-Latin-1: the client would refuse to send it
          if (v !== undefined && /^[\x20-\x7e]{0,500}$/.test(v)) out[h.name] = v;
        });
        return out;
      });
      return fc.record({ path, query, body, headers, role: fc.constantFrom(...this.roles) }).map(({ path: p, query: q, body: b, headers: h, role }) => ({
        op: `${op.method} ${op.path}`,
        role: role.name,
        auth: role.auth,
        method: op.method,
        url: `${p}${q}`,
        contentType: b.contentType,
        body: b.body,
        headers: h,
        mutated,
      }));
    });
  }
}
