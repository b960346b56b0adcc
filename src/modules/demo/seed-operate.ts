// The example organization's operational control (8.1) and the records of its data (A.7): the
// approved criteria for the AI processes and the control of suppliers, enforced life cycle gates
// with a passed check per AI system beyond inception, and the datasets of each system with their
// source, provenance, acquisition, quality checks and preparation.
import { run } from '../../kernel/commands.js';
import { approveDocumentVersion, createDocument } from '../documents/index.js';
import { recordGateCheck, updateGateCriteria, type Gate } from '../gates/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import type { Actor } from './seed-check.js';

const GATES: Gate[] = [
  {
    stage: 'design_and_development',
    criteria: [
      {
        id: 'intended-use',
        title: 'Intended use and foreseeable misuse recorded',
        control: 'A.9.4',
        why: 'Design starts from what the system is for and how it could be misused.',
        check: { kind: 'system_fields', fields: ['intendedUse', 'foreseeableMisuse'] },
      },
    ],
  },
  {
    stage: 'verification_and_validation',
    criteria: [
      {
        id: 'data-documented',
        title: 'Datasets documented',
        control: 'A.7.5',
        why: 'What the model is validated on must be known.',
        check: { kind: 'datasets', fields: ['provenance', 'qualityChecks'], atLeastOne: true },
      },
    ],
  },
];

/** What each AI system is for and might be misused for, filled in where the inventory lacks it. */
const USES: Record<string, [string, string]> = {
  'Credit scoring model': [
    'A score that a credit officer weighs with the application.',
    'Refusing applications on the score alone.',
  ],
  'Visual defect detector': [
    'Flags parts for a second look by the line inspector.',
    'Scrapping parts without inspection.',
  ],
  'Citizen chat assistant': [
    'General information on public services, with links to the official pages.',
    'Taking its answers as a decision on a benefit claim.',
  ],
};

const DATA: Record<string, { name: string; source: string; provenance: string }> = {
  'Credit scoring model': {
    name: 'Loan book 2015–2025',
    source: 'Core banking system',
    provenance: 'Monthly extract of closed loans, owned by the credit risk team.',
  },
  'Visual defect detector': {
    name: 'Labelled surface images',
    source: 'Vision Components GmbH',
    provenance: 'Delivered with the model; labels checked by our inspectors.',
  },
  'Citizen chat assistant': {
    name: 'Public service pages',
    source: 'The municipal website',
    provenance: 'Crawled weekly from pages the service owners approve.',
  },
};

export async function seedOperationalControl(
  me: Actor,
  rv: Actor,
  systems: Record<string, string>,
  now: string,
) {
  const mine = { access: me.access };
  const theirs = { access: rv.access };
  for (const [title, purpose, content] of [
    [
      'Criteria for the AI life cycle',
      'operational_criteria',
      '# Criteria for the AI life cycle\n\nNo AI system enters design without its intended use and foreseeable misuse, nor validation without documented data. The gates enforce both.',
    ],
    [
      'Control of AI suppliers',
      'outsourced_processes',
      '# Control of AI suppliers\n\nEvery supplier of models, data or AI services is assessed before use and every year after.',
    ],
  ] as const) {
    const d = await run(
      me.ctx,
      createDocument,
      {
        title,
        kind: 'procedure',
        classification: 'internal',
        retentionMonths: 60,
        purpose,
        content,
      },
      mine,
    );
    await run(
      rv.ctx,
      approveDocumentVersion,
      { documentId: d.doc.id, versionId: d.version.id },
      theirs,
    );
  }

  const update = registerCommands(registerOf('ai_systems')).update;
  for (const [name, [intendedUse, foreseeableMisuse]] of Object.entries(USES))
    await run(me.ctx, update, { aiSystemId: systems[name]!, intendedUse, foreseeableMisuse }, mine);
  const datasets = registerCommands(registerOf('datasets')).create;
  for (const [name, d] of Object.entries(DATA))
    await run(
      me.ctx,
      datasets,
      {
        aiSystemId: systems[name]!,
        ...d,
        acquisition: 'Under a written agreement with the data owner.',
        qualityChecks: 'Completeness and label agreement checked on every refresh.',
        preparation: 'Deduplicated, personal data removed, split by date.',
      },
      mine,
    );

  await run(
    rv.ctx,
    updateGateCriteria,
    {
      enforced: true,
      gates: GATES,
      changeNote: 'The criteria for the AI life cycle, enforced.',
    },
    theirs,
  );
  // The release pipeline checks each system against the gate into the stage it is in.
  const stages: Record<string, string> = {
    'Triage assistant': 'verification_and_validation',
    'Credit scoring model': 'verification_and_validation',
    'Visual defect detector': 'verification_and_validation',
    'Citizen chat assistant': 'design_and_development',
  };
  for (const [name, toStage] of Object.entries(stages))
    await run(
      me.ctx,
      recordGateCheck,
      { aiSystemId: systems[name]!, toStage, reference: `example pipeline ${now.slice(0, 10)}` },
      mine,
    );
}
