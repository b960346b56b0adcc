// The registers' places in the API, as data without imports (test/web-typed-calls.test.ts compares
// it with the server's registers; lib/register-routes.ts types the client's calls from it).

/** Per register with routes: its URL segment and the name of its record id in paths. */
export const REGISTER_ROUTES = {
  context_issues: ['context-issues', 'contextIssueId'],
  interested_parties: ['interested-parties', 'interestedPartyId'],
  legal_requirements: ['legal-requirements', 'legalRequirementId'],
  ai_systems: ['ai-systems', 'aiSystemId'],
  ai_models: ['ai-models', 'aiModelId'],
  datasets: ['datasets', 'datasetId'],
  ai_resources: ['ai-resources', 'aiResourceId'],
  third_parties: ['third-parties', 'thirdPartyId'],
  responsibilities: ['responsibilities', 'responsibilityId'],
  competences: ['competences', 'competenceId'],
  training_records: ['training-records', 'trainingRecordId'],
} as const;
