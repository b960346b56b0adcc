// What the pages of nonconformities share: the status badge and the list of requirements.
import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import { useSubmission } from '../../components/form';
import { Badge } from '../../components/page';
import { useData } from '../../lib/data';
import { ncApi, type Nonconformity } from './api';
import { STATUS_TONE, STATUS_WORD } from './words';

export const StatusBadge = ({ nc }: { nc: Pick<Nonconformity, 'status'> }) => (
  <Badge tone={STATUS_TONE[nc.status]}>{STATUS_WORD[nc.status]}</Badge>
);

/** The assessable clauses and controls, for pickers and filters (fixed while the app runs). */
export const useRequirements = () => useData('catalog|requirements', () => ncApi.requirements());

/**
 * A form that sends one step. The fields the API names get their messages; a nonconformity
 * changed by someone else meanwhile reloads the page and says so.
 */
export function useStep(
  fields: readonly string[],
  onStale: () => void,
  send: (data: FormData, form: HTMLFormElement) => Promise<void>,
) {
  return useSubmission(fields, async (data, form) => {
    try {
      await send(data, form);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH') {
        onStale();
        throw new Error(
          'Someone else changed this nonconformity meanwhile. The page now shows where it stands.',
        );
      }
      throw e;
    }
  });
}

/** A form shown as it is while nothing is recorded, and behind "Change …" once something is. */
export function Changeable({
  recorded,
  what,
  children,
}: {
  recorded: boolean;
  what: string;
  children: ReactNode;
}) {
  if (!recorded) return <>{children}</>;
  return (
    <details className="nc-change">
      <summary>Change {what}</summary>
      {children}
    </details>
  );
}
