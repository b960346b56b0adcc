// The example organization's planning and support records (clauses 5 to 7): top management named,
// the AIMS roles assigned, the documented processes and plans the standard requires approved by a
// second manager, a change to the AIMS decided with its plan, a communication recorded, and the
// Statement of Applicability frozen and approved.
import { DOCUMENT_PURPOSES, type DocumentPurpose } from '../../catalog/index.js';
import { run } from '../../kernel/commands.js';
import { approveDocumentVersion, createDocument } from '../documents/index.js';
import { updateOrg } from '../orgs/index.js';
import { decideChange, proposeChange } from '../planning/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { approveSoa, snapshotSoa } from '../soa/index.js';
import type { Actor } from './seed-check.js';

/** What each required document says, in a sentence (the example's own words). */
const DOCUMENTS: [DocumentPurpose, string][] = [
  [
    'aims_roles',
    'The AIMS manager ensures conformity and reports performance to the board monthly.',
  ],
  [
    'risk_assessment_process',
    'Risks are identified per AI system and scored on the risk criteria.',
  ],
  [
    'risk_treatment_process',
    'Each risk above the acceptance level gets controls or a signed acceptance.',
  ],
  ['risk_treatment_plan', 'The treatment actions of the risk register, with owners and due dates.'],
  [
    'impact_assessment_process',
    'Each AI system is assessed for its impact on people before release.',
  ],
  ['objectives_plan', 'Each AI objective has an owner, resources, a due date and a metric.'],
  ['resource_plan', 'Two ML engineers, a clinical reviewer and a validation cluster run the AIMS.'],
  ['communication_plan', 'What we tell whom about our AI, when, and through which channel.'],
  [
    'document_control',
    'Documents are versioned, approved by a second person, classified and retained.',
  ],
  // operational_criteria (8.1) comes with the operational control, in seed-operate.ts.
];

export async function seedPlanning(me: Actor, rv: Actor) {
  const mine = { access: me.access };
  // The leadership team (the owner and the managers) is top management: it approves policy and scope.
  await run(me.ctx, updateOrg, { topManagementRoles: ['owner', 'manager'] }, mine);
  const resp = registerCommands(registerOf('responsibilities'));
  for (const subjectType of ['aims_conformity', 'aims_performance'])
    await run(
      me.ctx,
      resp.create,
      { memberId: me.memberId, subjectType, subjectId: 'The AIMS', raci: 'accountable' },
      mine,
    );
  for (const [purpose, content] of DOCUMENTS) {
    const title = DOCUMENT_PURPOSES[purpose].title;
    const { doc, version } = await run(
      me.ctx,
      createDocument,
      {
        title,
        kind: purpose.endsWith('plan') ? 'plan' : 'procedure',
        classification: 'internal',
        retentionMonths: 72,
        content: `# ${title}\n\n${content}`,
        purpose,
      },
      mine,
    );
    await run(
      rv.ctx,
      approveDocumentVersion,
      { documentId: doc.id, versionId: version.id },
      { access: rv.access },
    );
  }
  await run(
    me.ctx,
    createDocument,
    {
      title: 'AI policy announced to all staff',
      kind: 'record',
      classification: 'internal',
      retentionMonths: 36,
      content:
        '# AI policy announced\n\nAll-staff email and intranet post; questions to the AIMS manager.',
      purpose: 'communication_record',
    },
    mine,
  );
  const change = await run(
    me.ctx,
    proposeChange,
    {
      title: 'Add the clinical reviewer to the release gate',
      purpose: 'Urgent-case validation needs clinical judgement before every release.',
      consequences: 'Releases wait up to two days for the review.',
      resources: 'Four hours of a clinical reviewer per release.',
      responsibilities: 'The AIMS manager schedules; the clinical reviewer signs the gate.',
    },
    mine,
  );
  await run(
    rv.ctx,
    decideChange,
    { changeId: change.id, decision: 'approved' },
    { access: rv.access },
  );
  const soa = await run(me.ctx, snapshotSoa, { changeNote: 'First statement' }, mine);
  await run(rv.ctx, approveSoa, { soaVersionId: soa.id }, { access: rv.access });
}
