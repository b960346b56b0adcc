import { PATHS, type Manifest } from './format.js';
import { scopeTitle } from './scope.js';

/**
 * index.html: the pack's table of contents, to open in a browser after unpacking. One file, its
 * style inline, no script, no address outside the pack, so it works offline and loads nothing.
 */
export interface IndexEvidence {
  sha256: string;
  title: string;
  filename: string | null;
  size: number;
}

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const link = (path: string, label: string) => `<a href="${esc(path)}">${esc(label)}</a>`;

export function indexHtml(
  m: Omit<Manifest, 'files'>,
  keyFingerprint: string,
  evidence: IndexEvidence[],
): string {
  const tables = m.tables
    .map(
      (t) =>
        `<tr><th scope="row">${esc(t.entity)}</th><td class="n">${t.records}</td>` +
        `<td>${link(PATHS.records(t.entity), 'JSON')}</td><td>${link(PATHS.csv(t.entity), 'CSV')}</td></tr>`,
    )
    .join('\n');
  const files = evidence
    .map(
      (e) =>
        `<tr><td>${esc(e.title)}</td><td>${esc(e.filename ?? '')}</td><td class="n">${e.size}</td>` +
        `<td><code>${link(PATHS.evidence(e.sha256), e.sha256)}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Audit pack: ${esc(m.organization.name)}${esc(scopeTitle(m.scope))}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code { font-size: 13px; word-break: break-all; }
a { color: #0645ad; }
</style>
</head>
<body>
<main>
<h1>Audit pack: ${esc(m.organization.name)}${esc(scopeTitle(m.scope))}</h1>
${
  m.scope
    ? `<p>This pack is about the AI systems ${m.scope.ai_systems.map((s) => `<strong>${esc(s.name)}</strong> (<code>${esc(s.id)}</code>)`).join(', ')}: the report's risks, impact assessments and incidents are those linked to them. The ledger, the records and the evidence are the whole organization's, so that the pack can be verified.</p>`
    : ''
}
<p>The records of <strong>${esc(m.organization.name)}</strong> (${esc(m.organization.slug)}) as of
<strong>${esc(m.as_of)}</strong>: the replay of the first ${m.ledger.events} events of its ledger.
Made ${esc(m.generated_at)}.</p>
<h2>Check this pack</h2>
<p>Run <code>aims pack verify &lt;this archive&gt;</code>: it needs no database, no server and no
network. It checks the manifest's signature, every file's SHA-256, the ledger's hash chain and its
signed heads, and that the records equal the replay of the ledger. Compare the key's fingerprint
with the one the organization gives you:</p>
<p><code>${esc(keyFingerprint)}</code> (SHA-256 of ${link(PATHS.publicKey, 'the public key')})</p>
<p>Ledger head (event ${m.ledger.events}): <code>${esc(m.ledger.head)}</code></p>
<h2>Contents</h2>
<ul>
<li>${link(PATHS.report, 'Report (PDF)')}: scope, Statement of Applicability, readiness with reasons, risks, impact assessments, audits, nonconformities and corrective actions, incidents</li>
<li>${link(PATHS.events, 'Ledger events')}, ${link(PATHS.heads, 'signed heads')}, ${link(PATHS.checkpoints, 'signed checkpoints')}</li>
<li>${link(PATHS.manifest, 'Manifest')} (every file with its SHA-256) and ${link(PATHS.signature, 'its signature')}</li>
</ul>
<h2>Records</h2>
<table>
<thead><tr><th scope="col">Table</th><th scope="col">Records</th><th scope="col">JSON</th><th scope="col">CSV</th></tr></thead>
<tbody>
${tables}
</tbody>
</table>
<h2>Evidence files</h2>
${
  evidence.length
    ? `<table>
<thead><tr><th scope="col">Evidence</th><th scope="col">File name</th><th scope="col">Bytes</th><th scope="col">File (named by its SHA-256)</th></tr></thead>
<tbody>
${files}
</tbody>
</table>`
    : '<p>No evidence files.</p>'
}
</main>
</body>
</html>
`;
}
