import { commandRoute, defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { addLegalSuggestion, chooseSectors } from './commands.js';
import { sectorsView, sectorsViewOf } from './schemas.js';
import { z } from 'zod';

const url = '/api/v1/orgs/:org/sectors';
const tag = 'sectors';

export const sectorRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url,
    operationId: 'sectors.get',
    summary:
      "The organization's sectors and the sector profiles: legal-register suggestions, Annex A controls to consider and EU AI Act questionnaire hints (aims's own judgement; ISO/IEC 42001 Annex D defines no profiles)",
    tag,
    auth: 'org',
    action: 'sectors.read',
    params: orgParam,
    response: { status: 200, schema: sectorsView, description: 'The sectors and profiles.' },
    async handler({ services, access }) {
      const view = await sectorsViewOf(services.database.db, access.orgId);
      return { body: view, etag: view.version };
    },
  }),
  commandRoute({
    command: chooseSectors,
    method: 'PUT',
    url,
    summary: 'Choose the sectors the organization works in',
    tag,
    example: { sectors: ['healthcare', 'employment'] },
    ifMatch: true,
    response: { status: 200, schema: sectorsView, description: 'The sectors and profiles.' },
    view: (_row, { services, access }) => sectorsViewOf(services.database.db, access.orgId),
  }),
  commandRoute({
    command: addLegalSuggestion,
    method: 'POST',
    url: `${url}/legal-requirements`,
    summary: "Add a sector profile's legal suggestion to the legal requirements register",
    tag,
    example: { suggestionId: 'healthcare-mdr' },
    response: {
      status: 201,
      schema: z
        .object({ legalRequirementId: z.string(), title: z.string() })
        .meta({ id: 'SectorLegalAdded' }),
      description: 'Added to the legal register, under review.',
    },
    errors: [409, 422],
    view: (r) => ({ legalRequirementId: r.id, title: r.title }),
  }),
];
