// What the server says the caller may do with a register record now (its `abilities`): the
// record pages show Edit and Delete from these, not from the role alone, so a contributor not
// assigned to a record's AI system does not see buttons the server would refuse.
import type { RecordData } from '../../lib/lookups';

export function ability(record: RecordData, what: 'edit' | 'delete'): boolean {
  const a = record.abilities as Partial<Record<'edit' | 'delete', boolean>> | undefined;
  return a?.[what] === true;
}
