import { z } from 'zod';
import type { Job } from '../../kernel/jobs.js';
import type { PackJobResult } from './jobs.js';

export const createPackInput = z
  .object({
    asOf: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })])
      .nullable()
      .optional()
      .describe(
        'The records as of this date (the end of that day, UTC) or moment; left out or null: when the pack is made',
      ),
  })
  .strict()
  .meta({ id: 'CreateAuditPack' });

export const packView = z
  .object({
    id: z.string().describe('The job (and pack) id'),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    percent: z.number().int().describe('How far the pack is, 0 to 100'),
    phase: z
      .string()
      .nullable()
      .describe('What is being written: ledger, records, evidence, report'),
    asOf: z.string().nullable().describe('The moment the records are as of (once known)'),
    events: z.number().int().nullable(),
    records: z.number().int().nullable(),
    bytes: z.number().int().nullable().describe('The size of the archive'),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    download: z.string().nullable().describe('Where to fetch the archive once it is done'),
  })
  .meta({ id: 'AuditPack' });

export function toPackView(job: Job, base: string): z.infer<typeof packView> {
  const r = job.status === 'done' ? (job.result as PackJobResult | null) : null;
  const input = job.input as { asOf?: string | null };
  return {
    id: job.id,
    status: job.status,
    percent: job.status === 'done' ? 100 : Math.min(99, job.progress?.done ?? 0),
    phase: job.status === 'done' ? 'done' : (job.progress?.note ?? null),
    asOf: r?.asOf ?? input.asOf ?? null,
    events: r?.events ?? null,
    records: r?.records ?? null,
    bytes: r?.bytes ?? null,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    download: r ? `${base}/${job.id}/download` : null,
  };
}
