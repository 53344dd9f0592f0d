import { aPdf } from '../../apps/intake/src/files/testing/samples';
import { call } from './http';

export interface MaterialRef {
  code: string;
  fileName: string;
  sha256: string;
}

/**
 * The materials of an application body: each required material's file uploaded once through
 * `POST /api/v1/files` (multipart, field `file`) and referred to by its hash, as a portal does. Where the
 * build has no upload endpoint (404), placeholder hashes, as the API allowed before uploads existed.
 */
export async function materialsFor(base: string, auth: string, materials: { code: string; required: boolean }[]): Promise<MaterialRef[]> {
  const out: MaterialRef[] = [];
  for (const [i, m] of materials.filter((x) => x.required).entries()) {
    const fileName = `${m.code}.pdf`;
    const boundary = `bench${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`),
      aPdf(`bench material ${m.code}`),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const a = await call<{ sha256?: string }>(base, 'POST', '/api/v1/files', auth, body, 30_000, `multipart/form-data; boundary=${boundary}`);
    if ((a.status === 200 || a.status === 201) && a.body?.sha256) out.push({ code: m.code, fileName, sha256: a.body.sha256 });
    else if (a.status === 404) out.push({ code: m.code, fileName, sha256: (i + 1).toString(16).padStart(64, 'a') });
    else throw new Error(`uploading ${fileName} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 300)}`);
  }
  return out;
}
