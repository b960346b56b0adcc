import type { Target } from './source.js';

/**
 * The page of the web app that shows a target and acts on it (web/src/router.tsx): what the
 * inbox links to and what e-mail points at, so both open the same screen.
 */
export function pathOf(slug: string, t: Target): string {
  const org = `/o/${encodeURIComponent(slug)}`;
  const id = encodeURIComponent(t.id);
  switch (t.type) {
    case 'scope_versions':
      return `${org}/scope`;
    case 'soa_versions':
      return `${org}/controls#soa-versions`;
    case 'policies':
      return `${org}/policies/${id}`;
    case 'documents':
      return `${org}/documents/${id}`;
    case 'impact_assessments':
      return `${org}/impact/${id}`;
    case 'dpias':
      return `${org}/dpia/${id}`;
    case 'aims_changes':
      return `${org}/changes/${id}`;
    case 'risks':
      return `${org}/risks/${id}`;
    case 'concerns':
      return `${org}/concerns/${id}`;
    case 'evidence':
      return `${org}/evidence/${id}`;
    case 'nonconformities':
      return `${org}/nonconformities/${id}`;
    case 'incidents':
      return `${org}/incidents/${id}`;
    case 'ai_systems':
      return `${org}/systems/${id}`;
    case 'audits':
      return `${org}/audits/${id}`;
    case 'management_reviews':
      return `${org}/reviews/${id}`;
    default:
      return `${org}/inbox`;
  }
}
