// What every exported file and report says about itself: whose it is, what, when, as of which
// moment of the ledger, and who asked for it (the first name of its sign-off block).

export interface Preparer {
  /** "Ada Lovelace <ada@example.org>" */
  label: string;
  name: string;
  email: string;
  /** The member's role in words ("Manager"). */
  role: string;
}

export interface DocumentHead {
  /** The organization's name (never its slug). */
  organization: string;
  generatedAt: Date;
  /** The moment the content shows, when it is not "now" (an as-of audit pack). */
  asOf?: string | null;
  /** The last ledger event the content includes, when known. */
  ledger?: { seq: number; hash: string } | null;
  /** The member who asked for the file; null for the server operator (the CLI). */
  preparedBy?: Preparer | null;
}

/** An instant as files show it: "2026-12-07 00:35 UTC". */
export const utcMinute = (at: Date | string) => {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

/** The lines that introduce a file: the XLSX "About" sheet and the PDF title page. */
export function headLines(title: string, head: DocumentHead): [string, string][] {
  const lines: [string, string][] = [
    ['Organization', head.organization],
    ['Document', title],
    ['Generated at', utcMinute(head.generatedAt)],
  ];
  if (head.asOf) lines.push(['As of', utcMinute(head.asOf)]);
  if (head.ledger)
    lines.push(['Ledger head', `event ${head.ledger.seq}, hash ${head.ledger.hash.slice(0, 16)}…`]);
  lines.push([
    'Prepared by',
    head.preparedBy ? `${head.preparedBy.label} (${head.preparedBy.role})` : 'the server operator',
  ]);
  return lines;
}
