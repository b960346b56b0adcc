import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validators of the official schemas, copied into test/fixtures (see the README there): OSCAL
 * 1.2.1 and CycloneDX 1.6, as their publishers run them (JSON Schema draft-07, ajv 8 with
 * `strict: false` and ajv-formats).
 */
const fixtures = new URL('./fixtures/', import.meta.url);
const read = (p: string) => JSON.parse(fs.readFileSync(new URL(p, fixtures), 'utf8')) as object;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

function ajv() {
  const a = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(a);
  // Formats the CycloneDX schema names that ajv-formats lacks: strings, unchecked.
  for (const f of ['iri-reference', 'idn-email']) a.addFormat(f, true);
  return a;
}

const cache = new Map<string, ValidateFunction>();
export const OSCAL_MODELS = {
  catalog: 'oscal_catalog_schema.json',
  'component-definition': 'oscal_component_schema.json',
  'system-security-plan': 'oscal_ssp_schema.json',
  'assessment-results': 'oscal_assessment-results_schema.json',
  'plan-of-action-and-milestones': 'oscal_poam_schema.json',
  'mapping-collection': 'oscal_mapping_schema.json',
} as const;

export function oscalValidator(model: keyof typeof OSCAL_MODELS): ValidateFunction {
  let v = cache.get(model);
  if (!v) {
    v = ajv().compile(read(`oscal-1.2.1/${OSCAL_MODELS[model]}`));
    cache.set(model, v);
  }
  return v;
}

export function cyclonedxValidator(): ValidateFunction {
  let v = cache.get('cyclonedx-1.6');
  if (!v) {
    const a = ajv();
    a.addSchema(read('cyclonedx/schema-1.6/spdx.schema.json'));
    a.addSchema(read('cyclonedx/schema-1.6/jsf-0.82.schema.json'));
    v = a.compile(read('cyclonedx/schema-1.6/bom-1.6.schema.json'));
    cache.set('cyclonedx-1.6', v);
  }
  return v;
}

/** The schema's complaints, readable in a failed expectation ([] when valid). */
export function problems(v: ValidateFunction, doc: unknown): string[] {
  return v(doc)
    ? []
    : (v.errors ?? [])
        .slice(0, 20)
        .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export const sample = (p: string) => fs.readFileSync(new URL(p, fixtures), 'utf8');
