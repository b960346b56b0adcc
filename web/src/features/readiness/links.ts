// Where the records a readiness check names live in the app, and where each gap is worked on.
import type { Catalog } from '../../lib/lookups';
import { sectionHref, orgHref } from '../../router';
import { recordHref } from '../registers/links';
import type { Requirement } from './api';

const WORD: Record<string, string> = {
  ai_systems: 'AI system',
  soa_entries: 'SoA entry',
  soa_versions: 'SoA version',
  scope_versions: 'scope version',
  evidence: 'evidence',
  policies: 'policy',
  risks: 'risk',
  concerns: 'concern',
  incidents: 'incident',
  nonconformities: 'nonconformity',
  improvements: 'opportunity for improvement',
  audits: 'internal audit',
  audit_findings: 'audit finding',
  audit_programmes: 'audit programme version',
  management_reviews: 'management review',
  memberships: 'member',
  documents: 'document',
  objectives: 'objective',
  aims_changes: 'planned change',
};

/** Whether the app knows the kind of record without the register catalog. */
export const knownWithoutCatalog = (type: string) => Object.hasOwn(WORD, type);

/** A short name for the kind of record a reference points at. */
export function refLabel(type: string, catalog: Catalog | null): string {
  return WORD[type] ?? catalog?.byKey.get(type)?.singular.toLowerCase() ?? type.replace(/_/g, ' ');
}

/** The page of the record a reference names, or null when the app has no page for it. */
export function refHref(
  slug: string,
  ref: { type: string; id: string },
  req: Pick<Requirement, 'id' | 'kind'>,
  catalog: Catalog | null,
): string | null {
  switch (ref.type) {
    case 'ai_systems':
      return sectionHref(slug, 'systems', ref.id);
    case 'soa_entries':
      // The entry belongs to the control the requirement is about.
      return req.kind === 'control'
        ? sectionHref(slug, 'controls', req.id)
        : orgHref(slug, 'controls');
    case 'soa_versions':
      return `${orgHref(slug, 'controls')}#soa-versions`;
    case 'scope_versions':
      return orgHref(slug, 'scope');
    case 'evidence':
      return sectionHref(slug, 'evidence', ref.id);
    case 'policies':
      return sectionHref(slug, 'policies', ref.id);
    case 'risks':
      return sectionHref(slug, 'risks', ref.id);
    case 'concerns':
      return sectionHref(slug, 'concerns', ref.id);
    case 'incidents':
      return sectionHref(slug, 'incidents', ref.id);
    case 'memberships':
      return orgHref(slug, 'settings');
    case 'nonconformities':
      return sectionHref(slug, 'nonconformities', ref.id);
    case 'improvements':
      return sectionHref(slug, 'improvements', ref.id);
    case 'audits':
      return sectionHref(slug, 'audits', ref.id);
    case 'audit_findings':
      return sectionHref(slug, 'audits', 'findings', ref.id);
    case 'audit_programmes':
      return orgHref(slug, 'audits');
    case 'management_reviews':
      return sectionHref(slug, 'reviews', ref.id);
    case 'documents':
      return sectionHref(slug, 'documents', ref.id);
    case 'objectives':
      return sectionHref(slug, 'objectives', ref.id);
    case 'aims_changes':
      return sectionHref(slug, 'changes', ref.id);
  }
  const reg = catalog?.byKey.get(ref.type);
  return reg ? recordHref(slug, reg, ref.id) : null;
}

const FIX: Record<string, (slug: string) => string> = {
  '4.1': (s) => sectionHref(s, 'registers', 'context-issues'),
  '4.2': (s) => sectionHref(s, 'registers', 'interested-parties'),
  '4.3': (s) => orgHref(s, 'scope'),
  '4.4': (s) => orgHref(s, 'scope'),
  '5.1': (s) => orgHref(s, 'policies'),
  '5.2': (s) => orgHref(s, 'policies'),
  '5.3': (s) => sectionHref(s, 'registers', 'responsibilities'),
  '6.1.1': (s) => sectionHref(s, 'risks', 'criteria'),
  '6.1.2': (s) => orgHref(s, 'documents'),
  '6.1.3': (s) => orgHref(s, 'risks'),
  '6.1.4': (s) => orgHref(s, 'documents'),
  '6.2': (s) => orgHref(s, 'objectives'),
  '6.3': (s) => orgHref(s, 'changes'),
  '7.1': (s) => orgHref(s, 'documents'),
  '7.2': (s) => sectionHref(s, 'registers', 'competences'),
  '7.3': (s) => orgHref(s, 'policies'),
  '7.4': (s) => orgHref(s, 'documents'),
  '7.5.1': (s) => orgHref(s, 'documents'),
  '7.5.2': (s) => orgHref(s, 'documents'),
  '7.5.3': (s) => orgHref(s, 'documents'),
  '8.1': (s) => orgHref(s, 'gates'),
  '8.2': (s) => orgHref(s, 'risks'),
  '8.3': (s) => orgHref(s, 'risks'),
  '8.4': (s) => orgHref(s, 'impact'),
  '9.1': (s) => orgHref(s, 'monitoring'),
  '9.2.1': (s) => orgHref(s, 'audits'),
  '9.2.2': (s) => orgHref(s, 'audits'),
  '9.3.1': (s) => orgHref(s, 'reviews'),
  '9.3.2': (s) => orgHref(s, 'reviews'),
  '9.3.3': (s) => orgHref(s, 'reviews'),
  '10.1': (s) => orgHref(s, 'improvements'),
  '10.2': (s) => orgHref(s, 'nonconformities'),
};

/** Where a gap is closed: a control's row in the SoA, or the register or page the clause needs. */
export function fixHref(slug: string, req: Pick<Requirement, 'id' | 'kind'>): string | null {
  if (req.kind === 'control') return sectionHref(slug, 'controls', req.id);
  return FIX[req.id]?.(slug) ?? null;
}
