import type { StoredFrameworkEntry } from '../../db/tables.js';
import type { FieldError } from '../../kernel/errors.js';
import { UUID_RE } from '../../kernel/ids.js';
import { documentProblem, isObject } from './cyclonedx-parse.js';

/**
 * Reading an OSCAL catalog (NIST SP 800-53, an organization's own) as a framework: its UUID,
 * title, version and OSCAL version, and every group and control (nested controls too) as an
 * entry with its parent. Each problem is named with a JSON pointer; a document that is another
 * OSCAL model says which one it is.
 */
export const MAX_ENTRIES = 20_000;

export interface CatalogPlan {
  sourceUuid: string;
  title: string;
  version: string;
  oscalVersion: string;
  entries: StoredFrameworkEntry[];
}

const OTHER_MODELS = [
  'profile',
  'component-definition',
  'system-security-plan',
  'assessment-plan',
  'assessment-results',
  'plan-of-action-and-milestones',
  'mapping-collection',
];

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function planCatalog(doc: unknown): CatalogPlan {
  const errors: FieldError[] = [];
  if (!isObject(doc) || !isObject(doc.catalog)) {
    const other = isObject(doc) ? OTHER_MODELS.find((m) => m in doc) : undefined;
    throw documentProblem('OSCAL document', [
      {
        pointer: '/body',
        message: other
          ? `This is an OSCAL ${other}, not a catalog: import a document whose root is "catalog".`
          : 'An OSCAL catalog is a JSON object with one root key, "catalog".',
      },
    ]);
  }
  const cat = doc.catalog;
  const meta = isObject(cat.metadata) ? cat.metadata : {};
  if (typeof cat.uuid !== 'string' || !UUID_RE.test(cat.uuid.toLowerCase()))
    errors.push({ pointer: '/body/catalog/uuid', message: 'The catalog needs a uuid.' });
  if (!isObject(cat.metadata))
    errors.push({ pointer: '/body/catalog/metadata', message: 'The catalog needs metadata.' });
  for (const k of ['title', 'version', 'oscal-version'])
    if (isObject(cat.metadata) && !str(meta[k]))
      errors.push({ pointer: `/body/catalog/metadata/${k}`, message: `metadata needs ${k}.` });
  const oscalVersion = str(meta['oscal-version']) ?? '';
  if (oscalVersion && !/^1\.\d+\.\d+/.test(oscalVersion))
    errors.push({
      pointer: '/body/catalog/metadata/oscal-version',
      message: `OSCAL ${oscalVersion} is not supported: aims reads OSCAL 1.x catalogs.`,
    });
  const entries: StoredFrameworkEntry[] = [];
  const seen = new Set<string>();
  const walk = (list: unknown, at: string, kind: 'group' | 'control', parent?: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list))
      return errors.push({ pointer: at, message: `${kind}s must be an array.` });
    list.forEach((item, i) => {
      const here = `${at}/${i}`;
      if (!isObject(item))
        return errors.push({ pointer: here, message: `A ${kind} is an object.` });
      const id = str(item.id);
      const title = str(item.title);
      if (!id && kind === 'control')
        errors.push({ pointer: `${here}/id`, message: 'A control needs an id.' });
      if (!title) errors.push({ pointer: `${here}/title`, message: `A ${kind} needs a title.` });
      if (id && seen.has(id))
        errors.push({ pointer: `${here}/id`, message: `The id ${id} is used twice.` });
      const ref = id ?? (title ? `group-${entries.length + 1}` : undefined);
      if (ref && title) {
        seen.add(ref);
        const props = Array.isArray(item.props) ? item.props.filter(isObject) : [];
        const label = str(props.find((p) => p.name === 'label')?.value);
        entries.push({
          ref,
          title,
          kind,
          ...(parent ? { parent } : {}),
          ...(label ? { label } : {}),
        });
      }
      walk(item.groups, `${here}/groups`, 'group', ref);
      walk(item.controls, `${here}/controls`, 'control', ref);
    });
  };
  walk(cat.groups, '/body/catalog/groups', 'group');
  walk(cat.controls, '/body/catalog/controls', 'control');
  if (!entries.some((e) => e.kind === 'control') && !errors.length)
    errors.push({ pointer: '/body/catalog', message: 'The catalog holds no control.' });
  if (entries.length > MAX_ENTRIES)
    errors.push({
      pointer: '/body/catalog',
      message: `The catalog has ${entries.length} groups and controls; aims imports at most ${MAX_ENTRIES}.`,
    });
  if (errors.length) throw documentProblem('OSCAL catalog', errors.slice(0, 100));
  return {
    sourceUuid: String(cat.uuid).toLowerCase(),
    title: str(meta.title)!.slice(0, 500),
    version: str(meta.version)!.slice(0, 100),
    oscalVersion,
    entries,
  };
}
