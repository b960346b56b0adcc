// The parts of a classification that the questionnaire page and the system page both show.
import { Badge, When } from '../../components/page';
import { TIER_LABEL, TIER_MEANING, TIER_TONE, type Classification, type Tier } from './api';

/** A member a classification refers to, by the name the server gave with it. */
export const memberName = (c: Pick<Classification, 'names'>, id: string | null) =>
  id ? (c.names[id] ?? 'a former member') : 'someone';

export function TierBadge({ tier }: { tier: Tier }) {
  return <Badge tone={TIER_TONE[tier] ?? 'neutral'}>{TIER_LABEL[tier] ?? tier}</Badge>;
}

/** The tier the answers give, and what it means. */
export function TierLine({ c }: { c: Classification }) {
  return (
    <p className="aiact-tier">
      <span>{c.status === 'confirmed' ? 'Confirmed tier:' : 'Proposed tier:'}</span>{' '}
      <TierBadge tier={c.proposedTier} /> <span>{TIER_MEANING[c.proposedTier]}</span>
    </p>
  );
}

/** Whether the proposal is confirmed, and by whom and when. */
export function ConfirmationText({ c }: { c: Classification }) {
  if (c.status === 'confirmed') {
    return (
      <>
        <Badge tone="success">Confirmed</Badge> by {memberName(c, c.confirmedByMemberId)}
        {c.confirmedAt && (
          <>
            {' '}
            on <When at={c.confirmedAt} />
          </>
        )}
      </>
    );
  }
  return <Badge tone="warning">Not confirmed</Badge>;
}

/** The last confirmed classification, while the current answers are not confirmed. */
export function LastConfirmedText({ c }: { c: Classification }) {
  const last = c.lastConfirmed;
  if (!last) return <>None: no tier has been confirmed for this system.</>;
  return (
    <>
      <TierBadge tier={last.tier} /> by {memberName(c, last.byMemberId)} on <When at={last.at} />
    </>
  );
}

/** How the proposal stands against the last confirmed tier, which is the system's tier on record. */
export function recordNote(c: Classification): string | null {
  if (c.status === 'confirmed') return null;
  const last = c.lastConfirmed;
  if (!last)
    return 'Until a manager or owner confirms this proposal, the system has no EU AI Act tier on record.';
  if (last.tier === c.proposedTier)
    return `The tier on record is already ${TIER_LABEL[last.tier]}, but these answers have not been confirmed.`;
  return `The tier on record stays ${TIER_LABEL[last.tier]} until a manager or owner confirms this proposal.`;
}

export function Reasons({ c, label }: { c: Classification; label: string }) {
  return (
    <ul className="plain-list aiact-reasons" aria-label={label}>
      {c.reasons.map((r, i) => (
        <li key={i}>
          <span className="aiact-ref">{r.ref}</span> {r.text}
        </li>
      ))}
    </ul>
  );
}
