import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../src/db/tables.js';
import { REGISTERS } from '../src/modules/registers/definitions.js';
import { snake } from '../src/modules/registers/fields.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe('register definitions', () => {
  it('map every field onto a column of its table and nothing else', () => {
    for (const r of REGISTERS) {
      const base = ['id', 'org_id', 'version', 'created_at', 'updated_at'];
      const cols = Object.keys(TABLES[r.key].columns)
        .filter((c) => !base.includes(c))
        .sort();
      expect(Object.keys(r.fields).map(snake).sort(), r.key).toEqual(cols);
    }
  });
});

describe.each(DIALECTS)('the AIMS registers on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('registers an AI system at inception and records every life cycle transition; a retired system stays', async () => {
    const created = await org.owner.post(`${base}/ai-systems`, {
      name: 'Triage assistant',
      purpose: 'Ranks incoming cases.',
      sector: 'healthcare',
      aiRoles: ['provider', 'customer'],
    });
    expect(created.statusCode).toBe(201);
    const sys = created.json();
    expect(sys).toMatchObject({
      lifecycleStage: 'inception',
      euAiActTier: 'unclassified',
      aiRoles: ['provider', 'customer'],
      version: 1,
    });
    const url = `${base}/ai-systems/${sys.id}`;
    const step = await org.owner.post(
      `${url}/transitions`,
      { toStage: 'design_and_development', reason: 'Approved by the board' },
      { 'if-match': '"1"' },
    );
    expect(step.statusCode).toBe(200);
    expect(step.json()).toMatchObject({ lifecycleStage: 'design_and_development', version: 2 });
    const noReason = await org.owner.post(`${url}/transitions`, {
      toStage: 'deployment',
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].pointer).toBe('/body/reason');
    // The stage is changed only by a transition, never by an edit.
    const sneaky = await org.owner.patch(url, { lifecycleStage: 'deployment' });
    expect(sneaky.statusCode).toBe(400);
    expect(
      (await org.owner.post(`${url}/transitions`, { toStage: 'retirement', reason: 'Replaced' }))
        .statusCode,
    ).toBe(200);
    const after = await org.owner.post(`${url}/transitions`, {
      toStage: 'operation_and_monitoring',
      reason: 'Back',
    });
    expect(after.statusCode).toBe(422);
    expect(after.json().code).toBe('INVALID_TRANSITION');
    const del = await org.owner.delete(url);
    expect(del.statusCode).toBe(409);
    const list = (await org.owner.get(`${url}/transitions`)).json().items;
    expect(
      list.map((x: { fromStage: string | null; toStage: string }) => [x.fromStage, x.toStage]),
    ).toEqual([
      [null, 'inception'],
      ['inception', 'design_and_development'],
      ['design_and_development', 'retirement'],
    ]);
    expect(list[1]).toMatchObject({ reason: 'Approved by the board' });
    expect(list[1].actor).toMatch(/^user:/);
    expect(
      (await org.owner.get(`${base}/ai-systems?lifecycleStage=retirement`))
        .json()
        .items.map((s: { id: string }) => s.id),
    ).toEqual([sys.id]);
    const hist = (await org.owner.get(`${base}/history/ai_systems/${sys.id}`)).json().items;
    expect(hist.map((e: { action: string }) => e.action)).toEqual([
      'ai_systems.create',
      'ai_systems.transition',
      'ai_systems.transition',
    ]);
  });

  it('keeps components linked to systems of the same organization only', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, {
        name: 'Credit scorer',
        purpose: 'Scores loan applications.',
      })
    ).json();
    const model = await org.owner.post(`${base}/ai-models`, {
      aiSystemId: sys.id,
      name: 'scorer',
      modelVersion: '2.1.0',
      source: 'fine_tuned',
      releaseDate: '2026-03-01',
      changeSummary: 'Retrained on 2025 data.',
    });
    expect(model.statusCode).toBe(201);
    const ds = await org.owner.post(`${base}/datasets`, {
      aiSystemId: sys.id,
      name: 'Applications 2025',
      personalData: true,
      licence: 'internal',
    });
    expect(ds.statusCode).toBe(201);
    expect(ds.json().personalData).toBe(true);
    const other = await createOrgFixture(t);
    const foreign = (
      await other.owner.post(`/api/v1/orgs/${other.slug}/ai-systems`, {
        name: 'Theirs',
        purpose: 'x',
      })
    ).json();
    const bad = await org.owner.post(`${base}/ai-models`, {
      aiSystemId: foreign.id,
      name: 'x',
      modelVersion: '1',
      source: 'built',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/aiSystemId' }],
    });
    const badRefs = await org.owner.post(`${base}/third-parties`, {
      name: 'Vendor',
      relation: 'supplier',
      aiSystemIds: [sys.id, foreign.id],
    });
    expect(badRefs.json().errors).toEqual([
      { pointer: '/body/aiSystemIds/1', message: 'No such AI system.' },
    ]);
    // A referenced dataset's system cannot vanish; a component can be deleted by a manager.
    expect((await org.owner.delete(`${base}/datasets/${ds.json().id}`)).statusCode).toBe(204);
    const comp = (
      await org.owner.post(`${base}/competences`, { aimsRole: 'manager', name: 'Risk' })
    ).json();
    const manager = await org.member('manager');
    expect(
      (
        await org.owner.post(`${base}/training-records`, {
          memberId: manager.memberId,
          competenceId: comp.id,
          title: 'Course',
          completedOn: '2026-01-01',
        })
      ).statusCode,
    ).toBe(201);
    const inUse = await org.owner.delete(`${base}/competences/${comp.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('IN_USE');
  });

  it('filters, searches, sorts and pages a register the same way on both stores', async () => {
    const names = ['beta', 'Alpha', 'gamma', 'Delta', 'epsilon', 'Zeta', 'éta'];
    for (const [i, n] of names.entries()) {
      const r = await org.owner.post(`${base}/context-issues`, {
        title: `${n} issue`,
        kind: i % 2 ? 'internal' : 'external',
        category: 'technical',
        description: n === 'gamma' ? 'mentions GPUs' : null,
      });
      expect(r.statusCode).toBe(201);
    }
    const walk = async (q: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await org.owner.get(
          `${base}/context-issues?limit=2${q}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        out.push(...res.json().items.map((x: { title: string }) => x.title.split(' ')[0]));
        cursor = res.json().nextCursor;
      } while (cursor);
      return out;
    };
    expect(await walk('')).toEqual(['Alpha', 'beta', 'Delta', 'epsilon', 'gamma', 'Zeta', 'éta']);
    expect(await walk('&sort=-title')).toEqual([
      'éta',
      'Zeta',
      'gamma',
      'epsilon',
      'Delta',
      'beta',
      'Alpha',
    ]);
    expect(await walk('&kind=internal')).toEqual(['Alpha', 'Delta', 'Zeta']);
    expect(await walk('&q=gpu')).toEqual(['gamma']);
    expect(await walk('&q=100%25')).toEqual([]);
    const bad = await org.owner.get(`${base}/context-issues?sort=nonsense&kind=sideways`);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/query/kind', '/query/sort']);
  });

  it('exports every register to CSV and XLSX', async () => {
    const csv = await org.owner.get(`${base}/context-issues/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,title,kind,category,description,effect,ownerMemberId,reviewDate,version,createdAt,updatedAt',
    );
    expect(lines.length).toBe(8);
    const xlsx = await org.owner.get(`${base}/ai-systems/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    // What the file is comes first; then the table, as imports read it.
    const about = wb.worksheets[0]!;
    expect(about.name).toBe('About this export');
    expect(about.getRow(1).values).toEqual([undefined, 'Organization', 'Test Org']);
    const ws = wb.worksheets[1]!;
    expect(ws.getRow(1).getCell(2).value).toBe('name');
    const names = [];
    for (let i = 2; i <= ws.rowCount; i++) names.push(ws.getRow(i).getCell(2).value);
    expect(names).toEqual(['Credit scorer', 'Triage assistant']);
    for (const r of REGISTERS)
      expect((await org.owner.get(`${base}/${r.path}/export`)).statusCode, r.path).toBe(200);
  });

  it('answers who is accountable in one call and lists competence gaps', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, {
        name: 'Chat helper',
        purpose: 'Answers staff questions.',
      })
    ).json();
    const a = await org.member('manager');
    const c = await org.member('contributor');
    for (const [memberId, raci] of [
      [a.memberId, 'accountable'],
      [c.memberId, 'responsible'],
    ]) {
      expect(
        (
          await org.owner.post(`${base}/responsibilities`, {
            memberId,
            subjectType: 'ai_system',
            subjectId: sys.id,
            raci,
          })
        ).statusCode,
      ).toBe(201);
    }
    const who = (
      await org.owner.get(`${base}/accountability?subjectType=ai_system&subjectId=${sys.id}`)
    ).json();
    expect(who.accountable.map((p: { email: string }) => p.email)).toEqual([a.email]);
    expect(who.responsible.map((p: { email: string }) => p.email)).toEqual([c.email]);
    const comp = (
      await org.owner.post(`${base}/competences`, { aimsRole: 'contributor', name: 'Data quality' })
    ).json();
    let gaps = (await org.owner.get(`${base}/competence-gaps`)).json().items;
    expect(gaps.find((g: { memberId: string }) => g.memberId === c.memberId).missing).toEqual([
      { competenceId: comp.id, name: 'Data quality' },
    ]);
    await org.owner.post(`${base}/training-records`, {
      memberId: c.memberId,
      competenceId: comp.id,
      title: 'DQ course',
      completedOn: '2026-01-01',
      expiresOn: '2099-01-01',
    });
    gaps = (await org.owner.get(`${base}/competence-gaps`)).json().items;
    expect(gaps.find((g: { memberId: string }) => g.memberId === c.memberId)).toBeUndefined();
    const verify = (await org.owner.get(`${base}/ledger/verification`)).json();
    expect(verify).toMatchObject({ ok: true });
  });

  it('lets viewers read registers but not write them', async () => {
    const v = await org.member('viewer');
    expect((await v.get(`${base}/ai-systems`)).statusCode).toBe(200);
    const w = await v.post(`${base}/ai-systems`, { name: 'x', purpose: 'y' });
    expect(w.statusCode).toBe(403);
  });
});

describe('register input', () => {
  it('refuses blank required text and says which field is missing', async () => {
    const t = await openTestApp('sqlite');
    try {
      const org = await createOrgFixture(t);
      const r = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
        name: '  ',
        purpose: 'x',
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors).toEqual([{ pointer: '/body/name', message: 'Must not be empty.' }]);
      const m = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, { purpose: 'x' });
      expect(m.json().errors).toEqual([{ pointer: '/body/name', message: 'Required.' }]);
      const asset = await t.app.inject({ url: '/assets/no-such-file.js' });
      expect(asset.statusCode).toBe(404);
      expect(asset.headers['content-type']).toContain('problem+json');
      const page = await t.app.inject({ url: `/o/${org.slug}/ai-systems` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
    } finally {
      await t.close();
    }
  });
});
