import type { Kysely } from 'kysely';
import { performance } from 'node:perf_hooks';
import { ANNEX_A_CONTROL_IDS } from '../src/catalog/index.js';
import { newId } from '../src/kernel/ids.js';
import { evaluate } from '../src/modules/readiness/index.js';
import { ASSESSABLE } from '../src/modules/readiness/index.js';
import { DEFAULT_CRITERIA } from '../src/modules/risks/index.js';
import { createBenchOrg, type BenchOrg, type BenchStore } from './store.js';

export interface ReadinessFigure {
  systems: number;
  risks: number;
  links: number;
  runs: number[];
  generateMs: number;
  /** The large organization, for the dashboard's HTTP load (bench/dashboard.ts). */
  org: BenchOrg;
}

const STAGES = [
  'inception',
  'design_and_development',
  'verification_and_validation',
  'deployment',
  'operation_and_monitoring',
  're_evaluation',
  'retirement',
];

/**
 * A large organization written straight into the tables (a read benchmark: these rows carry no
 * ledger events), then the full readiness evaluated several times.
 */
export async function benchReadiness(
  s: BenchStore,
  size: { systems: number; risks: number; links: number; runs: number },
): Promise<ReadinessFigure> {
  const db = s.services.database.db;
  const org = await createBenchOrg(s.services, `ready-${Date.now().toString(36)}`);
  const started = performance.now();
  const now = new Date().toISOString();
  const base = () => ({
    id: newId(),
    org_id: org.id,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  const member = (
    await db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow()
  ).id;
  await db.transaction().execute(async (tx) => {
    // Rows of many tables straight into the store (the bench measures reads, not the ledger).
    const trx = tx as unknown as Kysely<Record<string, Record<string, unknown>>>;
    // Chunks keep each statement under SQLite's 32,766 parameters.
    const t = {
      insert: async (table: string, rows: Record<string, unknown>[]) => {
        const c = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
        for (let i = 0; i < rows.length; i += c)
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + c))
            .execute();
      },
    };
    const systems = Array.from({ length: size.systems }, (_, i) => ({
      ...base(),
      name: `System ${i}`,
      purpose: 'Bench',
      lifecycle_stage: STAGES[i % STAGES.length],
      eu_ai_act_tier: 'minimal_risk',
      ai_roles: '[]',
    }));
    await t.insert('ai_systems', systems);
    await t.insert(
      'ai_system_transitions',
      systems.map((x) => ({
        ...base(),
        ai_system_id: x.id,
        from_stage: null,
        to_stage: x.lifecycle_stage,
        reason: 'bench',
        actor: 'bench',
      })),
    );
    await t.insert(
      'responsibilities',
      systems
        .filter((_, i) => i % 3)
        .map((x) => ({
          ...base(),
          member_id: member,
          subject_type: 'ai_system',
          subject_id: x.id,
          raci: 'accountable',
        })),
    );
    await t.insert(
      'ai_models',
      systems.map((x) => ({
        ...base(),
        ai_system_id: x.id,
        name: 'm',
        model_version: '1',
        source: 'built',
      })),
    );
    await t.insert(
      'impact_assessments',
      systems
        .filter((_, i) => i % 2)
        .map((x) => ({
          ...base(),
          ai_system_id: x.id,
          title: 'IA',
          status: 'approved',
          review_cycle_months: 12,
          approved_at: now,
          next_due_date: '2099-01-01',
        })),
    );
    const crit = {
      ...base(),
      number: 1,
      status: 'active',
      // Real criteria: the risk overview (the dashboard bench) ranks risks by the matrix.
      likelihood_scale: JSON.stringify(DEFAULT_CRITERIA.likelihood),
      impact_scale: JSON.stringify(DEFAULT_CRITERIA.impact),
      levels: JSON.stringify(DEFAULT_CRITERIA.levels),
      matrix: JSON.stringify(DEFAULT_CRITERIA.matrix),
      acceptance_level: 'medium',
    };
    await t.insert('risk_criteria', [crit]);
    await t.insert(
      'risks',
      Array.from({ length: size.risks }, (_, i) => ({
        ...base(),
        title: `Risk ${i}`,
        ai_system_ids: JSON.stringify([systems[i % systems.length]!.id]),
        risk_sources: '[]',
        objectives: '[]',
        control_ids: JSON.stringify([ANNEX_A_CONTROL_IDS[i % ANNEX_A_CONTROL_IDS.length]]),
        criteria_id: crit.id,
        inherent_likelihood: 3,
        inherent_impact: 3,
        inherent_level: 'medium',
        treatment: i % 10 ? 'modify' : null,
        status: 'assessed',
      })),
    );
    await t.insert(
      'soa_entries',
      ANNEX_A_CONTROL_IDS.map((c, i) => ({
        ...base(),
        control_id: c,
        custom: 0,
        title: c,
        applicable: i % 9 ? 1 : 0,
        justification: 'bench',
        implementation_status: i % 2 ? 'implemented' : 'partial',
      })),
    );
    const evidence = Array.from({ length: Math.ceil(size.links / 5) }, (_, i) => ({
      ...base(),
      title: `Evidence ${i}`,
      kind: 'link',
      url: 'https://e.example',
      valid_until: i % 7 ? '2099-01-01' : '2000-01-01',
    }));
    await t.insert('evidence', evidence);
    // One link per evidence and target (the database allows no duplicate): the targets cycle
    // through the controls and AI systems, shifted per round so an evidence never meets a
    // target twice.
    const links = Array.from({ length: size.links }, (_, i) => {
      const e = evidence[i % evidence.length]!;
      const round = Math.floor(i / evidence.length);
      const kind = i % 5;
      return {
        ...base(),
        evidence_id: e.id,
        target_type: kind < 3 ? 'control' : kind === 3 ? 'ai_system' : 'risk',
        target_id:
          kind < 3
            ? ANNEX_A_CONTROL_IDS[(i + round) % ANNEX_A_CONTROL_IDS.length]
            : systems[(i + round) % systems.length]!.id,
      };
    });
    const seen = new Set<string>();
    await t.insert(
      'evidence_links',
      links.filter((l) => {
        const key = `${l.evidence_id}|${l.target_type}|${l.target_id}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    );
  });
  if (s.dialect === 'postgres') await (await import('kysely')).sql`analyze`.execute(db);
  const generateMs = performance.now() - started;
  const today = new Date().toISOString().slice(0, 10);
  const runs: number[] = [];
  for (let i = 0; i < size.runs; i++) {
    const t0 = performance.now();
    const r = await evaluate(db, org.id, ASSESSABLE, today);
    runs.push(performance.now() - t0);
    if (r.length !== ASSESSABLE.length) throw new Error('readiness lost requirements');
  }
  return { systems: size.systems, risks: size.risks, links: size.links, runs, generateMs, org };
}
