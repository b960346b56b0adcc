import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { CONTROLS } from '../../catalog/index.js';
import type { DB } from '../../db/schema.js';
import { runBatch } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import type { FieldError } from '../../kernel/errors.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { decideControl } from '../soa/index.js';
import { documentProblem, escapePointer, isObject, type Json } from './cyclonedx-parse.js';
import { token } from './oscal-common.js';
import * as Q from './queries.js';
import { stableUuid } from './uuid.js';

/**
 * Importing an OSCAL component definition (NIST's samples, or one aims exported): each component
 * is an AI system (the one aims exported it from, by its stable UUID or `aims-id`, else the one of
 * the same name, else a new one), and each implemented requirement a decision of the Statement of
 * Applicability — aims keeps one statement per control for the organization, which the
 * component-definition export gives per system. A control-id must name an ISO/IEC 42001 Annex A
 * control or one of the organization's own controls; every problem is named with its JSON
 * pointer, and nothing is changed while any remains. All or nothing, through the registers' and
 * the SoA's own commands.
 */
// Functions, not constants: a register's commands are built on first use (registerCommands).
const systems = () => registerCommands(registerOf('ai_systems'));
const IMPLEMENTATION = ['not_started', 'planned', 'partial', 'implemented', 'not_applicable'];
const OTHER_MODELS = [
  'catalog',
  'profile',
  'system-security-plan',
  'assessment-plan',
  'assessment-results',
  'plan-of-action-and-milestones',
  'mapping-collection',
];

export interface SystemItem {
  pointer: string;
  name: string;
  action: 'create' | 'match';
  aiSystemId: string | null;
  input: Json;
}
export interface ControlItem {
  pointer: string;
  system: string;
  controlId: string;
  action: 'create' | 'update' | 'unchanged';
  applicable: boolean;
  implementationStatus: string;
  input: DecideInput;
}
type DecideInput = z.input<typeof decideControl.input>;

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
const props = (o: Json) => (Array.isArray(o.props) ? o.props.filter(isObject) : []);
const propOf = (o: Json, name: string) => text(props(o).find((p) => p.name === name)?.value);
const list = (v: unknown) => (Array.isArray(v) ? v : []);

export async function planComponents(db: Kysely<DB>, orgId: string, doc: unknown) {
  if (!isObject(doc) || !isObject(doc['component-definition'])) {
    const other = isObject(doc) ? OTHER_MODELS.find((m) => m in doc) : undefined;
    throw documentProblem('OSCAL document', [
      {
        pointer: '/body',
        message: other
          ? `This is an OSCAL ${other}, not a component definition: import a document whose root is "component-definition".`
          : 'An OSCAL component definition is a JSON object with one root key, "component-definition".',
      },
    ]);
  }
  const cd = doc['component-definition'];
  const root = '/body/component-definition';
  const errors: FieldError[] = [];
  const version = isObject(cd.metadata) ? text(cd.metadata['oscal-version']) : undefined;
  if (!version)
    errors.push({
      pointer: `${root}/metadata/oscal-version`,
      message: 'metadata needs oscal-version.',
    });
  else if (!/^1\.\d+\.\d+/.test(version))
    errors.push({
      pointer: `${root}/metadata/oscal-version`,
      message: `OSCAL ${version} is not supported: aims reads OSCAL 1.x component definitions.`,
    });
  if (!Array.isArray(cd.components) || cd.components.length === 0)
    errors.push({ pointer: `${root}/components`, message: 'The definition holds no component.' });

  const existing = await Q.aiSystems(db, orgId);
  const byId = new Map(existing.map((s) => [s.id, s]));
  const byUuid = new Map(existing.map((s) => [stableUuid(orgId, s.id, 'component'), s]));
  const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s]));
  const soa = new Map((await Q.soaEntries(db, orgId)).map((e) => [e.control_id, e]));
  // A control-id as OSCAL writes it (a.6.2.8) or as aims does (A.6.2.8), and own controls.
  const controlOf = new Map<string, string>();
  for (const c of CONTROLS) controlOf.set(token(c.id), c.id).set(c.id.toLowerCase(), c.id);
  for (const e of soa.values())
    if (e.custom)
      controlOf
        .set(token(e.control_id), e.control_id)
        .set(e.control_id.toLowerCase(), e.control_id);

  const systemItems: SystemItem[] = [];
  const controlItems: ControlItem[] = [];
  const decided = new Map<string, { pointer: string; key: string }>();
  list(cd.components).forEach((c, i) => {
    const at = `${root}/components/${i}`;
    if (!isObject(c)) return errors.push({ pointer: at, message: 'A component is an object.' });
    const name = text(c.title);
    if (!name) errors.push({ pointer: `${at}/title`, message: 'A component needs a title.' });
    const match =
      byId.get(propOf(c, 'aims-id') ?? '') ??
      byUuid.get(String(c.uuid ?? '').toLowerCase()) ??
      byName.get((name ?? '').toLowerCase()) ??
      systemItems.find(
        (s) => s.action === 'create' && s.name.toLowerCase() === name?.toLowerCase(),
      );
    const sector = propOf(c, 'sector');
    const stage = propOf(c, 'lifecycle-stage');
    const input: Json = {
      name: (name ?? '').slice(0, 200),
      purpose: text(c.description) ?? name ?? '',
      ...(sector ? { sector } : {}),
      ...(stage ? { lifecycleStage: stage } : {}),
    };
    if (match && 'pointer' in match) {
      // The same new system named twice: its controls join the first.
    } else if (match) {
      systemItems.push({
        pointer: at,
        name: match.name,
        action: 'match',
        aiSystemId: match.id,
        input,
      });
    } else if (name) {
      systemItems.push({ pointer: at, name, action: 'create', aiSystemId: null, input });
      const parsed = systems().create.input.safeParse(input);
      if (!parsed.success)
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          const where = field === 'name' ? 'title' : field === 'purpose' ? 'description' : 'props';
          errors.push({ pointer: `${at}/${where}`, message: `${field}: ${issue.message}` });
        }
    }
    list(c['control-implementations']).forEach((ci, j) => {
      const cat = `${at}/control-implementations/${j}`;
      if (!isObject(ci)) return errors.push({ pointer: cat, message: 'An object.' });
      list(ci['implemented-requirements']).forEach((r, k) => {
        const rat = `${cat}/implemented-requirements/${k}`;
        if (!isObject(r)) return errors.push({ pointer: rat, message: 'An object.' });
        const raw = text(r['control-id']);
        const controlId = raw ? controlOf.get(raw.toLowerCase()) : undefined;
        if (!controlId)
          return errors.push({
            pointer: `${rat}/control-id`,
            message: raw
              ? `${raw} is neither an ISO/IEC 42001 Annex A control nor one of the organization's own controls.`
              : 'An implemented requirement needs a control-id.',
          });
        const applicable = propOf(r, 'applicable') !== 'no';
        const given = propOf(r, 'implementation-status');
        if (given && !IMPLEMENTATION.includes(given))
          errors.push({
            pointer: `${rat}/props`,
            message: `implementation-status ${given} is not one of ${IMPLEMENTATION.join(', ')}.`,
          });
        const before = soa.get(controlId);
        // Without a status, a new decision starts planned and an existing one keeps its own.
        const status = !applicable
          ? 'not_applicable'
          : (given ?? (before?.applicable ? before.implementation_status : 'planned'));
        const remarks = text(r.remarks);
        const input = {
          controlId,
          applicable,
          justification: text(r.description) ?? '',
          implementationStatus: status,
          notes: remarks ?? before?.notes ?? null,
        } as DecideInput;
        const key = JSON.stringify(input);
        const twice = decided.get(controlId);
        if (twice && twice.key !== key)
          errors.push({
            pointer: rat,
            message: `${controlId} is stated differently at ${twice.pointer}: aims keeps one statement per control.`,
          });
        if (twice) return;
        decided.set(controlId, { pointer: rat, key });
        const parsed = decideControl.input.safeParse(input);
        if (!parsed.success)
          for (const issue of parsed.error.issues)
            errors.push({
              pointer: `${rat}/${issue.path[0] === 'justification' ? 'description' : issue.path.map(String).map(escapePointer).join('/')}`,
              message: issue.message,
            });
        const same =
          before &&
          !!before.applicable === applicable &&
          before.justification === input.justification &&
          before.implementation_status === status &&
          (before.notes ?? null) === input.notes;
        controlItems.push({
          pointer: rat,
          system: name ?? '',
          controlId,
          action: !before ? 'create' : same ? 'unchanged' : 'update',
          applicable,
          implementationStatus: status,
          input,
        });
      });
    });
  });
  if (errors.length) throw documentProblem('component definition', errors.slice(0, 200));
  return { oscalVersion: version!, systems: systemItems, controls: controlItems };
}

export type ComponentPlan = Awaited<ReturnType<typeof planComponents>>;

/** Creates the new AI systems and records the decisions, in one transaction (`components.import`). */
export async function applyComponents(ctx: Context, access: OrgAccess, plan: ComponentPlan) {
  return runBatch(ctx, 'components.import', access, async (step) => {
    const ids = new Map<string, string>();
    for (const s of plan.systems)
      if (s.action === 'create')
        ids.set(s.pointer, ((await step(systems().create, s.input)) as { id: string }).id);
    for (const c of plan.controls) if (c.action !== 'unchanged') await step(decideControl, c.input);
    return ids;
  });
}
