import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Blobs } from '../../blobs/store.js';
import type { Database } from '../../db/connect.js';
import { LEDGERED, type LedgeredTable } from '../../db/schema.js';
import { checkLink, GENESIS_HASH, type LedgerBody } from '../../kernel/chain.js';
import { AppError } from '../../kernel/errors.js';
import { lastSeqAt } from '../../kernel/replay.js';
import { canonicalize } from '../../kernel/jcs.js';
import type { KeyStore } from '../../kernel/keys.js';
import { verifyOrg } from '../../kernel/verify.js';
import {
  csvColumns,
  csvHeader,
  csvText,
  jsonArray,
  PACK_FORMAT,
  PATHS,
  recordLine,
  type Manifest,
  type ManifestFile,
  type ManifestTable,
} from './format.js';
import { indexHtml, type IndexEvidence } from './html.js';
import * as Q from './queries.js';
import { readinessAsOf } from './readiness.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { renderReport, ReportRows } from './report.js';
import { manifestScope, resolveScope } from './scope.js';
import { ZipWriter } from './zip.js';

export interface PackServices {
  database: Database;
  keys: KeyStore;
  blobs: Blobs;
}

export interface PackProgress {
  /** What is being written: ledger, records, evidence, report, done. */
  phase: string;
  /** 0 to 100. */
  percent: number;
}

export interface PackResult {
  file: string;
  asOf: string;
  events: number;
  records: number;
  files: number;
  bytes: number;
}

const PAGE = 2_000;
const CSV_BATCH = 500;

/**
 * Writes the audit pack of an organization to `out` (a ZIP; see format.ts for the layout), as
 * of a moment: the ledger segment up to the last event recorded then, and the records as that
 * segment's replay, so they equal it by construction (and `aims pack verify` recomputes it).
 * Without `asOf`, the moment is now, and the organization's ledger must verify first (its
 * current records equal their replay). Everything is streamed a page at a time: memory grows
 * with the report's rows and the set of evidence files, not with the ledger.
 */
export async function buildPack(
  svc: PackServices,
  orgId: string,
  opts: {
    out: string;
    now: Date;
    asOf?: Date;
    /** AI systems (ids or names) the report is narrowed to; see scope.ts. */
    scope?: string[];
    /** The member who asked for the pack (the report's "prepared by"); none from the CLI. */
    memberId?: string | null;
    onProgress?: (p: PackProgress) => void;
  },
): Promise<PackResult> {
  const db = svc.database.db;
  const progress = opts.onProgress ?? (() => undefined);
  const org = await Q.orgForPack(db, orgId);
  const head = await Q.chainHead(db, orgId);
  if (!head) throw new AppError('INVALID_STATE', 'the organization has no ledger yet');
  const scopeIds = opts.scope?.length ? await resolveScope(db, orgId, opts.scope) : null;
  const generatedAt = opts.now.toISOString();
  let asOf = generatedAt;
  let upTo = head.seq;
  if (opts.asOf) {
    asOf = opts.asOf.toISOString();
    if (asOf < generatedAt)
      upTo = await lastSeqAt(head.seq, asOf, async (seq) => {
        const body = await Q.eventBody(db, orgId, seq);
        return body ? (JSON.parse(body) as LedgerBody).at : '';
      });
    else asOf = generatedAt;
  } else {
    // The last event's time, should a clock stand behind it (tests, a skewed host).
    const last = await Q.eventBody(db, orgId, head.seq);
    const at = last ? String((JSON.parse(last) as LedgerBody).at) : '';
    if (at > asOf) asOf = at;
    const report = await verifyOrg(db, svc.keys, orgId);
    if (!report.ok)
      throw new AppError(
        'LEDGER_ALARM',
        `the ledger does not verify, so no pack is made: ${report.firstBroken!.message} [${report.firstBroken!.code}]`,
      );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-'));
  const partial = `${opts.out}.partial`;
  const zip = await ZipWriter.create(partial, opts.now);
  const files: ManifestFile[] = [];
  const add = (f: ManifestFile) => files.push(f);
  try {
    // 1. The ledger segment.
    progress({ phase: 'ledger', percent: 0 });
    let headHash = GENESIS_HASH;
    add(
      await zip.add(PATHS.events, async (put) => {
        let prev = GENESIS_HASH;
        let after = 0;
        while (after < upTo) {
          const rows = await Q.eventsPage(db, orgId, after, upTo, PAGE * 5);
          if (rows.length === 0) break;
          let text = '';
          for (const row of rows) {
            const r = checkLink(row, orgId, after + 1, prev);
            if ('code' in r)
              throw new AppError('LEDGER_ALARM', `the ledger is broken: ${r.message} [${r.code}]`);
            prev = row.hash;
            after = row.seq;
            text += `${row.body}\n`;
          }
          await put(text);
          progress({ phase: 'ledger', percent: Math.floor((after / Math.max(upTo, 1)) * 40) });
        }
        if (after !== upTo)
          throw new AppError('LEDGER_ALARM', `the ledger ends at ${after}, not at ${upTo}`);
        headHash = prev;
      }),
    );
    const logLines: string[] = [];
    for (const line of svc.keys.heads.readAll(orgId).lines) {
      if (!line.head || line.head.seq > upTo) break;
      logLines.push(line.text);
    }
    add(await zip.addBuffer(PATHS.heads, logLines.map((l) => `${l}\n`).join('')));
    const checkpoints = await Q.checkpointsUpTo(db, orgId, upTo);
    add(
      await zip.addBuffer(
        PATHS.checkpoints,
        checkpoints.map((c) => `${canonicalize({ ...c, seq: Number(c.seq) })}\n`).join(''),
      ),
    );
    const publicKey = svc.keys.publicKeyPem(orgId);
    add(await zip.addBuffer(PATHS.publicKey, publicKey));

    // 2. The records: the replay of the segment, one table at a time.
    const tables: ManifestTable[] = [];
    const report = new ReportRows();
    const blobs = new Map<string, IndexEvidence>();
    const entities = await Q.entitiesUpTo(db, orgId, upTo);
    for (const [i, entity] of entities.entries()) {
      progress({ phase: 'records', percent: 40 + Math.floor((i / entities.length) * 40) });
      const known = LEDGERED[entity as LedgeredTable]?.columns;
      let columns: string[] | null = known ? csvColumns(known) : null;
      const csvFile = path.join(tmp, `${entity}.csv`);
      const csv = fs.createWriteStream(csvFile);
      const csvPut = async (s: string) => {
        if (!csv.write(s)) await once(csv, 'drain');
      };
      let count = 0;
      let batch: Record<string, unknown>[] = [];
      add(
        await zip.add(PATHS.records(entity), async (put) => {
          let afterId: string | null = null;
          for (;;) {
            const page = await Q.lastEventsPage(db, orgId, entity, upTo, afterId, PAGE);
            if (page.length === 0) break;
            afterId = page[page.length - 1]!.entity_id;
            const bodies = await Q.bodiesAt(
              db,
              orgId,
              page.map((p) => p.seq),
            );
            let text = '';
            for (const p of page) {
              const body = JSON.parse(bodies.get(p.seq)!) as LedgerBody;
              const state = body.state;
              if (state === null) continue;
              if (state.id !== p.entity_id)
                throw new Error(`event ${p.seq}: the state's id is not the event's record id`);
              text += `${count === 0 ? jsonArray.open : jsonArray.separator}${recordLine(state)}`;
              count++;
              report.add(entity, state);
              if (entity === 'evidence' && typeof state.blob_sha256 === 'string')
                blobs.set(state.blob_sha256, {
                  sha256: state.blob_sha256,
                  title: String(state.title ?? ''),
                  filename: typeof state.filename === 'string' ? state.filename : null,
                  size: 0,
                });
              if (columns === null) {
                columns = csvColumns(Object.keys(state));
              }
              if (count === 1) await csvPut(csvHeader(columns));
              batch.push(state);
              if (batch.length === CSV_BATCH) {
                await csvPut(csvText(columns, batch));
                batch = [];
              }
            }
            await put(text);
          }
          await put(count === 0 ? jsonArray.empty : jsonArray.close);
        }),
      );
      columns ??= [];
      if (count === 0) await csvPut(csvHeader(columns));
      await csvPut(csvText(columns, batch));
      csv.end();
      await once(csv, 'close');
      add(await zip.addStream(PATHS.csv(entity), fs.createReadStream(csvFile)));
      fs.rmSync(csvFile);
      tables.push({ entity, records: count, columns });
    }

    // 3. The evidence files, named by their hash.
    const evidence = [...blobs.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
    for (const [i, e] of evidence.entries()) {
      progress({ phase: 'evidence', percent: 80 + Math.floor((i / evidence.length) * 15) });
      let written: Awaited<ReturnType<typeof zip.addStream>>;
      try {
        written = await zip.addStream(PATHS.evidence(e.sha256), svc.blobs.read(e.sha256));
      } catch {
        throw new AppError(
          'BLOB_CORRUPT',
          `the evidence file ${e.sha256} is missing from the store`,
        );
      }
      if (written.sha256 !== e.sha256)
        throw new AppError(
          'BLOB_CORRUPT',
          `the evidence file ${e.sha256} no longer matches its hash`,
        );
      e.size = written.size;
      add(written);
    }

    // 4. The report, the index, the manifest and its signature.
    progress({ phase: 'report', percent: 95 });
    const fingerprint = createHash('sha256')
      .update(svc.keys.keyPair(orgId).pub.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    const base: Omit<Manifest, 'files'> = {
      format: PACK_FORMAT,
      organization: { id: org.id, slug: org.slug, name: org.name },
      as_of: asOf,
      generated_at: generatedAt,
      ledger: { events: upTo, head: headHash },
      tables,
      ...(scopeIds ? { scope: manifestScope(scopeIds, report.systems) } : {}),
    };
    const readiness = await readinessAsOf(svc.database, orgId, upTo < head.seq ? upTo : null, asOf);
    // Members as files name them ("Name <email>"): the names are today's, the members the pack's.
    for (const [id, label] of await memberLabelsById(db, orgId))
      if (report.members.has(id)) report.members.set(id, label);
    const document = await documentHead(db, { orgId, memberId: opts.memberId ?? null }, opts.now);
    const pdf = await renderReport(
      {
        organization: org.name,
        preparedBy: document.preparedBy ?? null,
        asOf,
        generatedAt,
        events: upTo,
        head: headHash,
        keyFingerprint: fingerprint,
        tables,
        scope: base.scope ?? null,
      },
      report,
      readiness,
    );
    add(await zip.addBuffer(PATHS.report, pdf));
    add(await zip.addBuffer(PATHS.index, indexHtml(base, fingerprint, evidence)));
    const manifest = Buffer.from(canonicalize({ ...base, files } satisfies Manifest), 'utf8');
    await zip.addBuffer(PATHS.manifest, manifest);
    await zip.addBuffer(PATHS.signature, `${svc.keys.signPackManifest(orgId, manifest)}\n`);
    await zip.finish();
    fs.renameSync(partial, opts.out);
    progress({ phase: 'done', percent: 100 });
    const records = tables.reduce((a, t) => a + t.records, 0);
    return {
      file: opts.out,
      asOf,
      events: upTo,
      records,
      files: files.length + 2,
      bytes: fs.statSync(opts.out).size,
    };
  } catch (e) {
    await zip.abort(partial);
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
