// The web app's gate criteria draft: what the editor sends is what the server accepts, the
// criteria it started from come back unchanged, and new criteria get keys unique in their gate.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { criteriaFields, DEFAULT_GATES, STAGES } from '../src/modules/gates/criteria.js';
import {
  addCriterion,
  changeCriterion,
  fromDraft,
  removeCriterion,
  STAGE_ORDER,
  toDraft,
  type DraftSource,
} from '../web/src/features/gates/gates-draft.js';

const schema = z.object(criteriaFields);
const proposed: DraftSource = { status: 'proposed', enforced: false, gates: DEFAULT_GATES };

describe('gate criteria draft', () => {
  it("knows the stages in the server's order", () => {
    expect([...STAGE_ORDER]).toEqual([...STAGES]);
  });

  it('gives back the criteria it was made from, enforced when they were only proposed', () => {
    const { input } = fromDraft(toDraft(proposed));
    expect(input).toEqual({ enforced: true, gates: DEFAULT_GATES, changeNote: null });
    expect(schema.safeParse(input).success).toBe(true);
  });

  it('adds criteria with keys unique in their gate, and removes them', () => {
    let d = toDraft({ ...proposed, gates: [] });
    d = addCriterion(d, 'deployment');
    d = addCriterion(d, 'deployment');
    const [a, b] = d.gates.deployment!;
    d = changeCriterion(d, 'deployment', a!.key, { title: 'Sign-off', control: 'A.6.2.5' });
    d = changeCriterion(d, 'deployment', b!.key, {
      title: 'Sign-off',
      control: '8.1',
      check: { kind: 'evidence', evidenceKind: 'sign_off', per: 'system' },
    });
    d = changeCriterion(d, 'deployment', a!.key, {
      check: { kind: 'evidence', evidenceKind: 'sign_off', per: 'model_version' },
    });
    const { input, sent } = fromDraft(d);
    expect(input.gates[0]!.criteria.map((c) => c.id)).toEqual(['sign-off', 'sign-off-2']);
    expect(sent).toEqual([{ stage: 'deployment', keys: [a!.key, b!.key] }]);
    expect(schema.safeParse(input).success).toBe(true);
    const left = fromDraft(removeCriterion(d, 'deployment', a!.key)).input;
    expect(left.gates[0]!.criteria.map((c) => c.id)).toEqual(['sign-off']);
  });
});
