import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Member, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { PageHeader } from '../../components/page';
import { MembersSection } from './members-section';
import { TokensSection } from './tokens-section';
import { AccessSettingSection } from '../access/access-setting';
import { SectorsSection } from '../sectors/sectors-section';
import { TopManagementSection } from './top-management-section';
import { InvitationsSection } from '../account/invitations-section';

/** Members and API tokens of one organization. */
export function SettingsPage({ membership }: { membership: Membership }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reloadMembers = useCallback(async () => {
    try {
      const page = await api.members(membership.slug);
      setMembers(page.items);
      setMore(page.nextCursor !== null);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [membership.slug]);

  useEffect(() => {
    void reloadMembers();
  }, [reloadMembers]);

  return (
    <>
      <PageHeader title="Settings" org={membership.name} />
      <Alert>{error}</Alert>
      <MembersSection
        membership={membership}
        members={members}
        more={more}
        reload={reloadMembers}
      />
      <InvitationsSection membership={membership} />
      <AccessSettingSection membership={membership} />
      <SectorsSection membership={membership} />
      <TopManagementSection membership={membership} />
      <TokensSection membership={membership} members={members} />
    </>
  );
}
