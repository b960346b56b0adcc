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
    scope: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .optional()
      .describe(
        "AI systems (ids or names) the pack is about: the report's risks, impact assessments and incidents are those linked to them, and the signed manifest names them; the ledger and the records stay whole, so the pack still verifies",
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
    scope: z
      .array(z.string())
      .nullable()
      .describe('The ids of the AI systems the pack is about; null: the whole organization'),
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
  const input = job.input as { asOf?: string | null; scope?: string[] | null };
  return {
    id: job.id,
    status: job.status,
    percent: job.status === 'done' ? 100 : Math.min(99, job.progress?.done ?? 0),
    phase: job.status === 'done' ? 'done' : (job.progress?.note ?? null),
    asOf: r?.asOf ?? input.asOf ?? null,
    scope: input.scope ?? null,
    events: r?.events ?? null,
    records: r?.records ?? null,
    bytes: r?.bytes ?? null,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    download: r ? `${base}/${job.id}/download` : null,
  };
}
