import { z } from 'zod';
import { toCsv } from '../../interop/csv.js';
import { orgCommand } from '../../kernel/commands.js';
import { insertRecord, updateRecord } from '../../kernel/records.js';
import { exportColumns, listRecords, registerByKey, REGISTERS } from '../registers/index.js';
import { versionValues } from './commands.js';
import { lastDocumentVersionNumber, registerDocument } from './queries.js';

/**
 * Publishing a register freezes its current content (CSV, with its SHA-256) as an approved
 * version of the register's document, made the first time. The content comes from the records,
 * so the publisher's approval is the only one needed.
 */
export const publishRegister = orgCommand({
  action: 'documents.publish_register',
  input: z
    .object({
      changeNote: z.string().max(2000).nullable().optional().describe('Why it is published now.'),
      register: z
        .enum(REGISTERS.map((r) => r.key) as [string, ...string[]])
        .describe('Register key, e.g. ai_systems.'),
    })
    .strict(),
  pathIds: ['register'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const spec = registerByKey.get(input.register)!;
    const records = await listRecords(tx.db, tx.ctx.database.dialect, spec, orgId, {
      limit: 100_000,
      sort: spec.defaultSort,
    });
    const csv = toCsv(exportColumns(spec), records.items);
    const doc =
      (await registerDocument(tx.db, orgId, spec.key)) ??
      (await insertRecord(tx, orgId, 'documents', {
        title: `${spec.title} (register)`,
        kind: 'register_snapshot',
        owner_member_id: tx.org.memberId,
        classification: 'internal',
        retention_months: 36,
        source_register: spec.key,
        current_version_id: null,
        purpose: null,
      }));
    const number = (await lastDocumentVersionNumber(tx.db, orgId, doc.id)) + 1;
    const note = input.changeNote ?? `${records.items.length} records`;
    const version = await insertRecord(tx, orgId, 'document_versions', {
      ...versionValues(tx, doc.id, number, csv, 'text/csv', note),
      author_member_id: null,
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
    const current = await updateRecord(tx, orgId, 'documents', doc, {
      current_version_id: version.id,
    });
    return { doc: current, version };
  },
});
