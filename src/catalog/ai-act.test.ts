import fs from 'node:fs';
import { at, set, type JsonTree } from '../../test/json-tree.js';
import { describe, expect, it } from 'vitest';
import { AI_ACT, AI_ACT_FIELDS, parseAiAct } from './ai-act.js';
import { CatalogError } from './load.js';

const raw = (): JsonTree =>
  JSON.parse(fs.readFileSync(new URL('./eu-ai-act.json', import.meta.url), 'utf8')) as JsonTree;
const messageOf = (f: () => unknown) => {
  try {
    f();
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
};

describe('the EU AI Act questionnaire data', () => {
  it('places every answer in exactly one part and words every question', () => {
    expect(AI_ACT.parts.flatMap((p) => p.fields).sort()).toEqual([...AI_ACT_FIELDS].sort());
    expect(Object.values(AI_ACT.questions).every((q) => q.question.endsWith('?'))).toBe(true);
    expect(AI_ACT.roles.map((r) => r.id)).toEqual([
      'provider',
      'deployer',
      'both',
      'importer',
      'distributor',
      'authorised_representative',
      'product_manufacturer',
    ]);
    // Scope is asked first.
    expect(AI_ACT.parts[0]!.fields).toEqual(['union', 'scope']);
    expect(AI_ACT.scope.map((q) => q.ref)).toEqual([
      'Art. 2(3)',
      'Art. 2(6)',
      'Art. 2(8)',
      'Art. 2(10)',
      'Art. 2(12)',
    ]);
  });

  it("titles Annex III point 4 with workers' management", () => {
    expect(AI_ACT.annexIII[3]!.title).toBe(
      'Employment, workers’ management and access to self-employment',
    );
  });

  it('rejects an answer left out of the parts, a missing role and a bad reference, naming the field', () => {
    const badRef = raw();
    set(badRef, ['questions', 'annexI', 'ref'], 'Article six');
    expect(messageOf(() => parseAiAct(badRef))).toMatch(
      /src\/catalog\/eu-ai-act\.json[\s\S]*questions\.annexI\.ref/,
    );
    const doc = raw();
    set(doc, ['parts', 7, 'fields'], ['generalPurposeModel', 'openSourceModel']);
    (at(doc, 'roles') as JsonTree[]).pop();
    (at(doc, 'deployerKinds') as JsonTree[]).reverse();
    expect(messageOf(() => parseAiAct(doc))).toMatch(
      /parts: answer systemicRisk is in 0 parts[\s\S]*roles: must list provider, deployer, both, importer[\s\S]*deployerKinds: must list private/,
    );
  });
});
