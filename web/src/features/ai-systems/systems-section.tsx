// The AI systems section: the inventory (the ai-systems register), and each system's page.
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Loading } from '../../components/page';
import { useCatalog } from '../../lib/lookups';
import { ImportPage } from '../registers/import-page';
import { EditRecordPage, NewRecordPage } from '../registers/record-page';
import { RegisterListPage } from '../registers/register-list-page';
import { AiActPage } from '../aiact/ai-act-page';
import { SystemPage } from './system-page';

export function SystemsSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const { catalog, error } = useCatalog();
  if (error) return <Alert>{error}</Alert>;
  if (!catalog) return <Loading />;
  const reg = catalog.byKey.get('ai_systems');
  if (!reg) return <Alert>This server has no AI systems register.</Alert>;
  const [first, second] = parts;
  const key = `${membership.orgId}:systems`;
  if (!first) {
    return (
      <RegisterListPage
        key={key}
        membership={membership}
        reg={reg}
        catalog={catalog}
        newLabel="Register an AI system"
        intro="Every AI system the organization develops, provides or uses. Retired systems stay listed: filter by stage to find them."
      />
    );
  }
  if (first === 'new')
    return (
      <NewRecordPage
        key={key}
        membership={membership}
        reg={reg}
        catalog={catalog}
        title="Register an AI system"
      />
    );
  if (first === 'import') return <ImportPage key={key} membership={membership} reg={reg} />;
  if (second === 'edit')
    return (
      <EditRecordPage
        key={`${key}:${first}`}
        membership={membership}
        reg={reg}
        catalog={catalog}
        id={first}
      />
    );
  if (second === 'ai-act')
    return <AiActPage key={`${key}:${first}:ai-act`} membership={membership} aiSystemId={first} />;
  return (
    <SystemPage
      key={`${key}:${first}`}
      membership={membership}
      reg={reg}
      catalog={catalog}
      id={first}
    />
  );
}
