import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_registers.js';
import * as m0003 from './0003_workflows.js';
import * as m0004 from './0004_risks.js';
import * as m0005 from './0005_assessments.js';
import * as m0006 from './0006_soa_evidence.js';
import * as m0007 from './0007_member_pages.js';
import * as m0008 from './0008_change_decisions.js';
import * as m0009 from './0009_constraints.js';
import * as m0010 from './0010_signed_head_rows.js';
import * as m0011 from './0011_credential_seals.js';
import * as m0012 from './0012_gates.js';
import * as m0013 from './0013_incidents.js';
import * as m0014 from './0014_nonconformities.js';
import * as m0015 from './0015_outbox.js';
import * as m0016 from './0016_monitoring.js';
import * as m0017 from './0017_audits.js';
import * as m0018 from './0018_reviews.js';
import * as m0019 from './0019_scoped_access.js';
import * as m0020 from './0020_document_purpose.js';
import * as m0021 from './0021_dpia.js';
import * as m0023 from './0023_top_management.js';
import * as m0026 from './0026_oscal_frameworks.js';
import * as m0027 from './0027_framework_keys.js';
import * as m0028 from './0028_jobs.js';
import * as m0030 from './0030_accounts.js';
import * as m0031 from './0031_readable_refs.js';
import * as m0032 from './0032_import_runs.js';

/**
 * Every migration, in order: the name is its file's name and is what a database records as
 * applied. A migration, once released, never changes (see "Adding a column" in
 * docs/ARCHITECTURE.md); the schema as it stands today is `TABLES` in ../tables.ts, and a test
 * checks that the two agree.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registers': m0002,
  '0003_workflows': m0003,
  '0004_risks': m0004,
  '0005_assessments': m0005,
  '0006_soa_evidence': m0006,
  '0007_member_pages': m0007,
  '0008_change_decisions': m0008,
  '0009_constraints': m0009,
  '0010_signed_head_rows': m0010,
  '0011_credential_seals': m0011,
  '0012_gates': m0012,
  '0013_incidents': m0013,
  '0014_nonconformities': m0014,
  '0015_outbox': m0015,
  '0016_monitoring': m0016,
  '0017_audits': m0017,
  '0018_reviews': m0018,
  '0019_scoped_access': m0019,
  '0020_document_purpose': m0020,
  '0021_dpia': m0021,
  '0023_top_management': m0023,
  '0026_oscal_frameworks': m0026,
  '0027_framework_keys': m0027,
  '0028_jobs': m0028,
  '0030_accounts': m0030,
  '0031_readable_refs': m0031,
  '0032_import_runs': m0032,
};
