import { defineRoute, orgParam, type Call } from '../../api/route.js';
import { BlobTooLarge } from '../../blobs/store.js';
import { run } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { loadRecord, today } from '../../kernel/records.js';
import { createFileEvidence } from './commands.js';
import { linksOf } from './queries.js';
import { evidenceNames, evidenceView, toEvidenceView } from './schemas.js';

/** A file a multipart request put in the blob store, as the evidence commands record it. */
export interface UploadedFile {
  sha256: string;
  size: number;
  filename: string;
  mediaType: string;
}

interface Received extends UploadedFile {
  /** Whether this upload put the bytes in the store (a failure then removes them again). */
  created: boolean;
}

/**
 * Reads a multipart request: its fields (an empty one is null), then one file, streamed through
 * SHA-256 into the blob store (never held in memory), and hands both to `use`, which records it.
 * Whatever fails, the request or `use`, a blob this upload created goes again, and a blob that
 * was there before stays. The evidence upload and the gates' evidence push both take files so.
 */
export async function withUploadedFile<T>(
  { services, req }: Pick<Call<unknown, unknown, unknown>, 'services' | 'req'>,
  use: (fields: Record<string, string | null>, file: UploadedFile) => Promise<T>,
): Promise<T> {
  const fields: Record<string, string> = {};
  let blob: Received | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (blob)
          throw new AppError('VALIDATION_FAILED', 'Send one file per request.', [
            { pointer: '/body/file', message: 'Only one file.' },
          ]);
        const stored = await services.blobs.put(part.file, services.config.evidenceLimitBytes);
        blob = {
          ...stored,
          filename: (part.filename || 'file').slice(0, 255),
          mediaType: (part.mimetype || 'application/octet-stream').slice(0, 100),
        };
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (e) {
    if (blob?.created) await services.blobs.discard(blob.sha256).catch(() => undefined);
    if (e instanceof BlobTooLarge || (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${services.config.evidenceLimitBytes} bytes.`,
      );
    }
    if (e instanceof AppError || (e as { statusCode?: number }).statusCode) throw e;
    // The multipart parser's own complaints (no boundary, a cut-off part) are the client's.
    throw new AppError(
      'MALFORMED_MULTIPART',
      `The multipart body cannot be read: ${(e as Error).message}`,
    );
  }
  if (!blob)
    throw new AppError('VALIDATION_FAILED', 'No file in the request.', [
      { pointer: '/body/file', message: 'Required.' },
    ]);
  // An empty form field means "not given".
  const given = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, v === '' ? null : v]),
  );
  const { created, ...file } = blob;
  try {
    return await use(given, file);
  } catch (err) {
    // A failed upload leaves nothing behind: the blob goes unless it was there before.
    if (created) await services.blobs.discard(file.sha256).catch(() => undefined);
    throw err;
  }
}

/**
 * The multipart upload: the fields first, then one file (see withUploadedFile); then the command
 * records it.
 */
export const uploadRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/orgs/:org/evidence/files',
  operationId: 'evidence.upload',
  summary:
    'Upload a file as evidence (multipart: fields title, description, validFrom, validUntil, then one file); streamed, content-addressed, deduplicated',
  tag: 'evidence',
  auth: 'org',
  action: 'evidence.create',
  params: orgParam,
  consumes: ['multipart/form-data'],
  response: { status: 201, schema: evidenceView, description: 'Stored.' },
  errors: [413, 422],
  async handler({ ctx, services, access, req }) {
    return withUploadedFile({ services, req }, async (given, blob) => {
      const e = await run(ctx, createFileEvidence, { ...given, blob }, { access });
      const db = services.database.db;
      const row = await loadRecord(db, 'evidence', access.orgId, e.id, 'evidence');
      const links = await linksOf(db, access.orgId, [e.id]);
      const names = await evidenceNames(db, access, [row], links);
      return {
        body: toEvidenceView(row, links, today(services.now()), access, names),
        etag: e.version,
      };
    });
  },
});
