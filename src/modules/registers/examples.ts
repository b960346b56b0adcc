import { exampleId } from '../../api/route.js';

/** Example bodies for documentation and the generated suites; ids are filled by the fixture. */
export const EXAMPLES: Record<string, Record<string, unknown>> = {
  context_issues: {
    title: 'New AI regulation in the EU',
    kind: 'external',
    category: 'regulatory',
    effect: 'High-risk systems need conformity work.',
  },
  interested_parties: {
    name: 'Patients',
    kind: 'affected_person',
    needs: 'Safe, explained diagnoses.',
  },
  legal_requirements: {
    title: 'EU AI Act obligations for deployers',
    instrument: 'eu_ai_act',
    jurisdiction: 'EU',
    applicability: 'applicable',
  },
  ai_systems: {
    name: 'Triage assistant',
    purpose: 'Suggests an urgency level for incoming cases.',
    sector: 'healthcare',
    aiRoles: ['provider'],
  },
  ai_models: {
    aiSystemId: exampleId('aiSystemId'),
    name: 'triage-model',
    modelVersion: '1.0.0',
    source: 'built',
  },
  datasets: {
    aiSystemId: exampleId('aiSystemId'),
    name: 'Historic cases 2020–2024',
    personalData: true,
  },
  ai_resources: { aiSystemId: exampleId('aiSystemId'), kind: 'compute', name: 'GPU cluster' },
  third_parties: {
    name: 'Model Vendor Ltd',
    relation: 'supplier',
    supplies: 'Base language model',
  },
  responsibilities: {
    memberId: exampleId('memberId'),
    subjectType: 'process',
    subjectId: 'Risk assessment',
    raci: 'accountable',
  },
  competences: { aimsRole: 'manager', name: 'AI risk assessment' },
  training_records: {
    memberId: exampleId('memberId'),
    competenceId: exampleId('competenceId'),
    title: 'AI risk course',
    completedOn: '2026-01-15',
  },
};

/** The example of an edit: the first field of the creation's example that is no reference. */
export const editExample = (key: string) =>
  Object.fromEntries(
    Object.entries(EXAMPLES[key] ?? {})
      .filter(([, v]) => !String(v).startsWith('{'))
      .slice(0, 1),
  );
