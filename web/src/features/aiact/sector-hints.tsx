// What the organization's sectors (Settings → Sectors) suggest for the questionnaire, shown beside
// the questions it concerns. Suggestions are only highlighted: nothing is ticked or chosen for the
// user, so every saved answer is one a member chose.
import { Link, orgHref } from '../../router';
import type { SectorSuggestions } from './api';

/** The sectors' names, as the profiles title them ("Finance, Public sector"). */
export const sectorNames = (s: SectorSuggestions, ids: string[]) =>
  ids.map((id) => s.sectors.find((x) => x.id === id)?.title ?? id).join(', ');

/** Which sectors the questionnaire's suggestions come from, or where to choose them. */
export function SectorsNote({ slug, s }: { slug: string; s: SectorSuggestions }) {
  const settings = `${orgHref(slug, 'settings')}#sectors`;
  if (s.sectors.length === 0)
    return (
      <p className="hint aiact-sectors-note">
        No sectors are chosen for the organization. Choose them in{' '}
        <Link href={settings}>Settings → Sectors</Link> to see which Annex III points and kind of
        deploying body are likely for your sectors.
      </p>
    );
  return (
    <p className="hint aiact-sectors-note">
      Your organization&apos;s sectors:{' '}
      {sectorNames(
        s,
        s.sectors.map((x) => x.id),
      )}{' '}
      (<Link href={settings}>change</Link>). Questions they make likely are marked “Suggested for
      your sectors”. These are hints to check, not answers: nothing is ticked for you.
    </p>
  );
}

/** The Annex III points the sectors suggest, beside the Annex III areas. */
export function AnnexIIIHints({ s }: { s: SectorSuggestions }) {
  const points = s.suggestions.annexIII;
  if (points.length === 0) return null;
  return (
    <div className="aiact-suggested" role="note" aria-label="Suggested for your sectors">
      <p>
        <strong>Suggested for your sectors:</strong>
      </p>
      <ul>
        {points.map((p) => (
          <li key={p.point}>
            Annex III point {p.point} ({p.area}. {p.areaTitle}), for {sectorNames(s, p.sectors)}:{' '}
            {p.hints.join(' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The suggestion for one Annex III area's option label, or for one annexIIIPoints question. */
export function areaSuggestion(s: SectorSuggestions | null, area: number): string {
  const points = s?.suggestions.annexIII.filter((p) => p.area === area) ?? [];
  if (!s || points.length === 0) return '';
  // In the order the organization's sectors are listed.
  const named = new Set(points.flatMap((p) => p.sectors));
  const sectors = s.sectors.filter((x) => named.has(x.id)).map((x) => x.id);
  return ` — suggested for your sectors (${sectorNames(s, sectors)})`;
}

export function pointSuggestion(s: SectorSuggestions | null, question: string): string | null {
  const p = s?.suggestions.annexIII.find((x) => x.question === question);
  return s && p
    ? `Suggested for your sectors (${sectorNames(s, p.sectors)}): ${p.hints.join(' ')}`
    : null;
}

export function deployerSuggestion(s: SectorSuggestions | null, kind: string): string | null {
  const d = s?.suggestions.deployerKind.find((x) => x.kind === kind);
  return s && d
    ? `Suggested for your sectors (${sectorNames(s, d.sectors)}): ${d.hints.join(' ')}`
    : null;
}
