import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { cyclonedxValidator, oscalValidator, problems } from './interchange-schemas.js';

const fixture = (p: string) => new URL(`./fixtures/oscal-examples/${p}`, import.meta.url).pathname;

describe('aims export and import of OSCAL and CycloneDX documents (SQLite)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let systemId: string;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
    return { code, text: out.join('\n'), errText: err.join('\n') };
  };
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => JSON.parse(fs.readFileSync(file(name), 'utf8')) as unknown;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-interchange-cli-'));
    env = { AIMS_DATA_DIR: dir, AIMS_PROGRESS: '0' };
    const init = await cli(
      'init',
      ...['--org', 'Acme', '--slug', 'acme', '--email', 'ada@acme.example'],
      ...['--password', 'correct horse battery'],
    );
    expect(init.code).toBe(0);
    fs.writeFileSync(file('systems.csv'), 'name,purpose\nClaims triage,Sorts claims.\n');
    const imported = await cli(
      'import',
      ...['--org', 'acme', '--register', 'ai-systems', '--file', file('systems.csv')],
    );
    expect(imported.code, imported.errText).toBe(0);
    const database = openDatabase(loadConfig(env).databaseUrl);
    try {
      systemId = (await database.db.selectFrom('ai_systems').select('id').executeTakeFirstOrThrow())
        .id;
    } finally {
      await database.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports every OSCAL document and the CycloneDX BOM to files that validate', async () => {
    for (const [kind, model] of [
      ['catalog', 'catalog'],
      ['ssp', 'system-security-plan'],
      ['assessment-results', 'assessment-results'],
      ['poam', 'plan-of-action-and-milestones'],
      ['mapping', 'mapping-collection'],
      ['component-definition', 'component-definition'],
    ] as const) {
      const r = await cli(
        'export',
        'oscal',
        kind,
        ...['--org', 'acme', '--system', systemId, '--out', file(`${kind}.json`)],
      );
      expect(r.code, r.errText).toBe(0);
      expect(r.text).toContain(file(`${kind}.json`));
      expect(problems(oscalValidator(model), read(`${kind}.json`)), kind).toEqual([]);
    }
    const bom = await cli(
      'export',
      'cyclonedx',
      ...['--org', 'acme', '--system', systemId, '--out', file('bom.json')],
    );
    expect(bom.code, bom.errText).toBe(0);
    expect(problems(cyclonedxValidator(), read('bom.json'))).toEqual([]);
    // The register export is still there beside them.
    const csv = await cli(
      'export',
      ...['--org', 'acme', '--register', 'ai-systems', '--out', file('s.csv')],
    );
    expect(csv.code).toBe(0);
    expect(fs.readFileSync(file('s.csv'), 'utf8')).toContain('Claims triage');
  });

  it('says what is wrong, with a non-zero exit, on bad input', async () => {
    const noSystem = await cli(
      'export',
      'oscal',
      'component-definition',
      ...['--org', 'acme', '--out', file('x.json')],
    );
    expect(noSystem.code).toBe(1);
    expect(noSystem.errText).toContain('needs --system');
    const kind = await cli('export', 'oscal', 'sbom', '--org', 'acme', '--out', file('x.json'));
    expect(kind.code).toBe(1);
    expect(kind.errText).toContain('no OSCAL export "sbom"');
    const missing = await cli('import', 'oscal-catalog', file('nope.json'), '--org', 'acme');
    expect(missing.code).toBe(1);
    expect(missing.errText).toContain('no such file');
    fs.writeFileSync(file('broken.json'), '{"catalog": {');
    const broken = await cli('import', 'oscal-catalog', file('broken.json'), '--org', 'acme');
    expect(broken.code).toBe(1);
    expect(broken.errText).toContain('MALFORMED_JSON');
    const nist = await cli(
      'import',
      'oscal-component',
      fixture('example-component-definition.json'),
      ...['--org', 'acme'],
    );
    expect(nist.code).toBe(1);
    expect(nist.errText).toContain('DOCUMENT_INVALID');
    expect(nist.errText).toContain(
      '/component-definition/components/0/control-implementations/0/implemented-requirements/0/control-id: sc-8',
    );
    const register = await cli('export', '--org', 'acme', '--out', file('x.csv'));
    expect(register.code).toBe(1);
    expect(register.errText).toContain('--register');
  });

  it('imports a catalog, a component definition and a BOM, each checked first with --dry-run', async () => {
    const dry = await cli(
      'import',
      'oscal-catalog',
      fixture('basic-catalog.json'),
      ...['--org', 'acme', '--key', 'nist-sample', '--dry-run', '--json'],
    );
    expect(dry.code, dry.errText).toBe(0);
    expect(JSON.parse(dry.text)).toMatchObject({ dryRun: true, framework: { id: null } });
    const real = await cli(
      'import',
      'oscal-catalog',
      fixture('basic-catalog.json'),
      ...['--org', 'acme', '--key', 'nist-sample'],
    );
    expect(real.code, real.errText).toBe(0);
    expect(real.text).toContain('as framework nist-sample');

    // The component definition exported above, with a decision in it.
    const cd = read('component-definition.json') as Record<string, Record<string, unknown>>;
    const component = (cd['component-definition']!.components as Record<string, unknown>[])[0]!;
    component['control-implementations'] = [
      {
        uuid: '0c4a6a2e-4a8e-4e4f-9d0a-3d7b6f2a1c01',
        source: '#catalog',
        description: 'Controls.',
        'implemented-requirements': [
          {
            uuid: '0c4a6a2e-4a8e-4e4f-9d0a-3d7b6f2a1c02',
            'control-id': 'a.6.2.4',
            description: 'Verified before each release.',
          },
        ],
      },
    ];
    fs.writeFileSync(file('cd.json'), JSON.stringify(cd));
    const cdDry = await cli(
      'import',
      'oscal-component',
      file('cd.json'),
      '--org',
      'acme',
      '--dry-run',
    );
    expect(cdDry.code, cdDry.errText).toBe(0);
    expect(cdDry.text).toContain('would import 1 AI systems (0 new)');
    expect(cdDry.text).toContain('control A.6.2.4: create');
    const cdReal = await cli('import', 'oscal-component', file('cd.json'), '--org', 'acme');
    expect(cdReal.code, cdReal.errText).toBe(0);
    expect(cdReal.text).toContain('imported 1 AI systems');

    const bom = await cli(
      'import',
      'cyclonedx',
      fixture('../cyclonedx/Model-Card-With-Dataset.bom.json'),
      ...['--org', 'acme', '--system', systemId, '--dry-run'],
    );
    expect(bom.code, bom.errText).toBe(0);
    expect(bom.text).toMatch(/^would import \d+ models/);
  });
});
