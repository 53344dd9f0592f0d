import { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApi, mergeOpenApi, serialize } from './openapi';

jest.setTimeout(60_000);

const COMMITTED = join(__dirname, '..', 'apps', 'gateway', 'openapi.json');
const doc = (paths: OpenAPIObject['paths'], schemas: Record<string, unknown> = {}): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
  components: { schemas: schemas as never },
});

describe('the OpenAPI document', () => {
  let generated: OpenAPIObject;
  beforeAll(async () => {
    generated = await generateOpenApi();
  });

  it('is committed as the code generates it (npm run build regenerates apps/gateway/openapi.json: review and commit its diff)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(serialize(generated));
  });

  it("holds the gateway's own operations and no service-internal ones", () => {
    expect(Object.keys(generated.paths)).toEqual(
      expect.arrayContaining(['/api/v1/ops/dead-letters', '/api/v1/ops/dead-letters/{queue}/{jobId}/retry', '/health/live', '/health/ready', '/metrics']),
    );
    expect(Object.keys(generated.paths).filter((p) => p.startsWith('/api/v1/cases') || p.includes('_test'))).toEqual([]);
  });
});

describe(mergeOpenApi, () => {
  const op = (summary: string) => ({ get: { summary, responses: { 200: { description: 'ok' } } } });

  it('takes an operation two services document alike once', () => {
    const merged = mergeOpenApi([
      { name: 'a', doc: doc({ '/x': op('same') }) },
      { name: 'b', doc: doc({ '/x': op('same') }) },
    ]);
    expect(Object.keys(merged.paths)).toEqual(['/x']);
  });

  it('fails loudly on one operation documented differently by two services', () => {
    expect(() =>
      mergeOpenApi([
        { name: 'a', doc: doc({ '/x': op('one') }) },
        { name: 'b', doc: doc({ '/x': op('other') }) },
      ]),
    ).toThrow('GET /x: a and b document it differently');
  });

  it('fails loudly on same-named schemas that differ, instead of one overwriting the other', () => {
    expect(() =>
      mergeOpenApi([
        { name: 'a', doc: doc({}, { Dto: { type: 'object', properties: { id: { type: 'string' } } } }) },
        { name: 'b', doc: doc({}, { Dto: { type: 'object', properties: { id: { type: 'number' } } } }) },
      ]),
    ).toThrow('schema Dto: a and b define it differently');
  });

  it('orders paths and schemas by name, whatever order the services come in', () => {
    const a = { name: 'a', doc: doc({ '/b': op('b') }, { B: { type: 'string' } }) };
    const b = { name: 'b', doc: doc({ '/a': op('a') }, { A: { type: 'string' } }) };
    expect(serialize(mergeOpenApi([a, b]))).toBe(serialize(mergeOpenApi([b, a])));
  });
});
