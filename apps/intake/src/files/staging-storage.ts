import type { FastifyRequest } from 'fastify';
import { DomainError } from '@permits/core';
import { FileTooLarge, stage, StagedFile } from './file-store';

/** What one upload request may hold besides its file (as multer allowed before): a few small fields. */
const LIMITS = { files: 1, fields: 5, parts: 6 };
const SEND_A_FILE = 'file: send multipart/form-data with the file in the field "file"';

/**
 * Reads the one file of a multipart upload (@fastify/multipart) into a scratch file while hashing it (never the
 * whole file in memory). Called by the route after its guards, so no body is read for a caller who may not upload.
 * Refusals: no file, a file in another field, or a body busboy cannot read (no boundary, cut short) 400; a file
 * over `maxBytes` or too many parts 413. The scratch file is gone whenever this throws.
 */
export async function receiveUpload(req: FastifyRequest, dir: string, maxBytes: number): Promise<StagedFile> {
  let staged: StagedFile | undefined;
  try {
    if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', [SEND_A_FILE]);
    for await (const part of req.parts({ limits: { ...LIMITS, fileSize: maxBytes } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || staged) {
        part.file.resume();
        throw new DomainError('VALIDATION_FAILED', [`file: unexpected file field "${part.fieldname}"`]);
      }
      staged = await stage(part.file, dir, maxBytes);
    }
  } catch (err) {
    await staged?.discard();
    throw uploadRefusal(err, maxBytes);
  }
  if (!staged) throw new DomainError('VALIDATION_FAILED', [SEND_A_FILE]);
  return staged;
}

/** A multipart failure as the client's mistake: busboy's parse errors carry no status and were answered 500. */
function uploadRefusal(err: unknown, maxBytes: number): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (err instanceof FileTooLarge || e.code === 'FST_REQ_FILE_TOO_LARGE') return new DomainError('PAYLOAD_TOO_LARGE', `file larger than ${maxBytes} bytes`);
  if (e.code === 'FST_PARTS_LIMIT' || e.code === 'FST_FILES_LIMIT' || e.code === 'FST_FIELDS_LIMIT')
    return new DomainError('PAYLOAD_TOO_LARGE', 'too many parts: send one file in the field "file"');
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new DomainError('VALIDATION_FAILED', [SEND_A_FILE]);
  // busboy: "Boundary not found", "Unexpected end of form", "Malformed part header"…; a client that went away
  if (err instanceof Error && (e.statusCode === undefined || e.statusCode < 500))
    return new DomainError('VALIDATION_FAILED', [`malformed multipart body: ${err.message}`]);
  return err;
}
