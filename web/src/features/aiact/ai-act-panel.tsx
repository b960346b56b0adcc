// The EU AI Act classification of one AI system, on its page: the proposed tier, whether and by
// whom it was confirmed, why, and the way to the questionnaire.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Loading, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { useCatalog, type RecordData } from '../../lib/lookups';
import { Link } from '../../router';
import { recordHref } from '../registers/links';
import { aiActApi, isAnswered } from './api';
import { ConfirmationText, LastConfirmedText, Reasons, recordNote, TierLine } from './summary';
import './ai-act.css';

export function AiActPanel({ membership, system }: { membership: Membership; system: RecordData }) {
  const slug = membership.slug;
  const classification = useData(`${slug}|ai-act|${system.id}`, () =>
    aiActApi.get(slug, system.id),
  );
  const reg = useCatalog().catalog?.byKey.get('ai_systems');
  const state = classification.data;
  const c = isAnswered(state) ? state : null;
  const loaded = state !== null || !classification.loading;
  const href = reg ? recordHref(slug, reg, system.id, 'ai-act') : null;
  const note = c ? recordNote(c) : null;
  return (
    <Section
      id="ai-act"
      title="EU AI Act"
      intro={
        <p>
          The system&apos;s risk tier under the EU AI Act, proposed from a questionnaire and
          confirmed by a manager or owner.
        </p>
      }
    >
      <Alert>
        {classification.error && `The classification could not be loaded: ${classification.error}`}
      </Alert>
      {!loaded ? (
        <Loading />
      ) : !c ? (
        !classification.error && (
          <p className="muted">
            Not classified yet: nobody has answered the questionnaire for this system.
          </p>
        )
      ) : (
        <>
          <TierLine c={c} />
          <p>
            <ConfirmationText c={c} />
          </p>
          {c.status === 'proposed' && c.lastConfirmed && (
            <p>
              Last confirmed: <LastConfirmedText c={c} />
            </p>
          )}
          {note && <p className="warning-text">{note}</p>}
          <h3>Why</h3>
          <Reasons c={c} label="Reasons for the proposed tier" />
          <p className="muted">
            {plural(c.obligations.length, 'obligation')} for the organization{' '}
            {c.obligations.length === 1 ? 'follows' : 'follow'} from these answers.
          </p>
        </>
      )}
      {href && loaded && !classification.error && (c || can(membership, 'ai_systems.classify')) && (
        <p>
          <Link href={href}>{c ? 'Review the classification' : 'Answer the questionnaire'}</Link>
        </p>
      )}
    </Section>
  );
}
