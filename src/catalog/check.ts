import { parseAiAct } from './ai-act.js';
import { requirementsOf } from './derive.js';
import { parseCrosswalks, parseFramework, parseIso42001 } from './index.js';
import { CATALOG_DIR, readJson } from './load.js';
import { FRAMEWORK_IDS } from './schema.js';
import { parseSectors } from './sectors.js';

/** One validated file: the JSON as read and the value its schema gave. */
export interface CheckedFile {
  file: string;
  raw: unknown;
  value: unknown;
}

/**
 * Validates every file of the catalog (shape and cross-references), in `dir` or the catalog's own
 * folder, and throws a CatalogError naming the file and each bad field. scripts/build-server.mjs
 * runs it before it writes the server bundle, which then reads the files without validating them
 * (CATALOG_CHECKED in load.ts): a bad file fails the build, and so `npm start`, with this error.
 */
export function checkCatalogFiles(dir: URL = CATALOG_DIR): CheckedFile[] {
  const read = (relative: string) => readJson(relative, dir);
  const isoSrc = read('iso42001.json');
  const iso = parseIso42001(isoSrc.raw, isoSrc.file);
  const fwSrcs = FRAMEWORK_IDS.map((id) => ({ id, src: read(`frameworks/${id}.json`) }));
  const frameworks = fwSrcs.map(({ id, src }) => parseFramework(src.raw, id, src.file));
  const cwSrc = read('crosswalks.json');
  const cw = parseCrosswalks(
    cwSrc.raw,
    { requirements: requirementsOf(iso), frameworks },
    cwSrc.file,
  );
  const sectorsSrc = read('sectors.json');
  const sectors = parseSectors(
    sectorsSrc.raw,
    iso.annexA.controls.map((c) => c.id),
    sectorsSrc.file,
  );
  const aiActSrc = read('eu-ai-act.json');
  const aiAct = parseAiAct(aiActSrc.raw, aiActSrc.file);
  return [
    { file: isoSrc.file, raw: isoSrc.raw, value: iso },
    ...fwSrcs.map(({ src }, i) => ({ file: src.file, raw: src.raw, value: frameworks[i] })),
    { file: cwSrc.file, raw: cwSrc.raw, value: cw },
    { file: sectorsSrc.file, raw: sectorsSrc.raw, value: sectors },
    { file: aiActSrc.file, raw: aiActSrc.raw, value: aiAct },
  ];
}
