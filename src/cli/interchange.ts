import fs from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { resolveOrg } from '../kernel/authorize.js';
import type { Context } from '../kernel/context.js';
import { AppError } from '../kernel/errors.js';
import { UUID_RE } from '../kernel/ids.js';
import {
  cyclonedxDocument,
  importBomText,
  importCatalogText,
  importComponentText,
  oscalDocument,
  OSCAL_KINDS,
  type OscalKind,
} from '../modules/interchange/index.js';

/**
 * `aims export oscal <kind>`, `aims export cyclonedx` and `aims import oscal-catalog |
 * oscal-component | cyclonedx <file>`: the interchange documents against the local database, as
 * the API serves and takes them (the same builders and imports; every import all or nothing,
 * `--dry-run` only checks and reports).
 */
export interface InterchangeCliDeps {
  io: { out(s: string): void; err(s: string): void };
  config: () => Config;
  withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T>;
  usage(message: string): Error;
}

/** A document's problems point into the file (`/catalog/uuid`), not into a request body. */
async function inFile<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AppError) || !e.errors) throw e;
    const errors = e.errors.map((f) => ({
      ...f,
      pointer: f.pointer === '/body' ? 'the file' : f.pointer.replace(/^\/body\//, '/'),
    }));
    throw new AppError(e.code, e.message, errors);
  }
}

const KINDS = Object.keys(OSCAL_KINDS) as OscalKind[];
const write = (file: string, doc: unknown) =>
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);

export function registerInterchangeCommands(
  exportCmd: Command,
  importCmd: Command,
  deps: InterchangeCliDeps,
): void {
  const { io, config, withContext, usage } = deps;
  const systemId = (id: string | undefined, what: string) => {
    if (!id) throw usage(`${what} needs --system <id> (an AI system id)`);
    if (!UUID_RE.test(id)) throw usage(`--system must be an AI system id, not "${id}"`);
    return id;
  };
  const readDoc = (file: string) => {
    if (!fs.existsSync(file)) throw usage(`no such file: ${file}`);
    return fs.readFileSync(file, 'utf8');
  };

  exportCmd
    .command('oscal')
    .description(`export an OSCAL 1.2.1 document: ${KINDS.join(', ')}`)
    .argument('<kind>', KINDS.join(' | '))
    .requiredOption('--org <slug>', 'organization slug or id')
    .option('--system <id>', 'the AI system (component-definition only)')
    .requiredOption('--out <path>', 'file to write')
    .action(async (kind: string, o: { org: string; system?: string; out: string }) => {
      if (!KINDS.includes(kind as OscalKind))
        throw usage(`no OSCAL export "${kind}": use one of ${KINDS.join(', ')}`);
      const k = kind as OscalKind;
      const system = OSCAL_KINDS[k].system ? systemId(o.system, kind) : undefined;
      await withContext(config(), async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        write(o.out, await oscalDocument(ctx.database.db, access.orgId, k, ctx.now(), system));
      });
      io.out(`wrote the OSCAL ${kind} to ${o.out}`);
    });

  exportCmd
    .command('cyclonedx')
    .description('export an AI system as a CycloneDX 1.6 ML-BOM')
    .requiredOption('--org <slug>', 'organization slug or id')
    .requiredOption('--system <id>', 'the AI system')
    .requiredOption('--out <path>', 'file to write')
    .action(async (o: { org: string; system: string; out: string }) => {
      const system = systemId(o.system, 'cyclonedx');
      await withContext(config(), async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        write(o.out, await cyclonedxDocument(ctx.database.db, access.orgId, system, ctx.now()));
      });
      io.out(`wrote the CycloneDX ML-BOM to ${o.out}`);
    });

  const json = (c: Command) => c.option('--json', 'print machine-readable JSON');
  const base = (name: string, description: string) =>
    json(
      importCmd
        .command(name)
        .description(description)
        .argument('<file>', 'the JSON document')
        .requiredOption('--org <slug>', 'organization slug or id')
        .option('--dry-run', 'check the document and report, import nothing'),
    );
  const done = (dry: boolean | undefined) => (dry ? 'would import' : 'imported');

  base('oscal-catalog', 'import an OSCAL catalog as an additional framework')
    .option('--key <key>', 'the key its controls are named with (<key>:<control-id>)')
    .action(
      async (file: string, o: { org: string; dryRun?: boolean; key?: string; json?: boolean }) => {
        const text = readDoc(file);
        const out = await inFile(() =>
          withContext(config(), async (ctx) => {
            const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
            return importCatalogText(ctx, access, text, { dryRun: !!o.dryRun, key: o.key });
          }),
        );
        if (o.json) return io.out(JSON.stringify(out, null, 2));
        const f = out.framework;
        io.out(
          `${done(o.dryRun)} ${f.title} (${out.action}) as framework ${f.key}: ${f.controls} controls in ${f.groups} groups`,
        );
      },
    );

  base(
    'oscal-component',
    'import an OSCAL component definition: components as AI systems, implemented requirements as SoA decisions',
  ).action(async (file: string, o: { org: string; dryRun?: boolean; json?: boolean }) => {
    const text = readDoc(file);
    const out = await inFile(() =>
      withContext(config(), async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        return importComponentText(ctx, access, text, { dryRun: !!o.dryRun });
      }),
    );
    if (o.json) return io.out(JSON.stringify(out, null, 2));
    const n = (a: string) => out.controls.filter((c) => c.action === a).length;
    io.out(
      `${done(o.dryRun)} ${out.systems.length} AI systems (${out.systems.filter((s) => s.action === 'create').length} new) and ${out.controls.length} control decisions (${n('create')} new, ${n('update')} updated, ${n('unchanged')} unchanged)`,
    );
    for (const s of out.systems) io.out(`  system ${s.name}: ${s.action}`);
    for (const c of out.controls) io.out(`  control ${c.controlId}: ${c.action}`);
  });

  base('cyclonedx', 'import the models, datasets and suppliers of a CycloneDX 1.6/1.7 ML-BOM')
    .requiredOption('--system <id>', 'the AI system they are recorded for')
    .action(
      async (
        file: string,
        o: { org: string; system: string; dryRun?: boolean; json?: boolean },
      ) => {
        const text = readDoc(file);
        const aiSystemId = systemId(o.system, 'cyclonedx');
        const out = await inFile(() =>
          withContext(config(), async (ctx) => {
            const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
            return importBomText(ctx, access, text, { dryRun: !!o.dryRun, aiSystemId });
          }),
        );
        if (o.json) return io.out(JSON.stringify(out, null, 2));
        io.out(
          `${done(o.dryRun)} ${out.models.created} models, ${out.datasets.created} datasets, ${out.suppliers.created} suppliers (${out.models.existing + out.datasets.existing + out.suppliers.existing} already recorded)`,
        );
      },
    );
}
