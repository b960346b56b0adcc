// A point's or a metric's status as a badge, and a value with its unit.
import { Badge } from '../../components/page';

const TONE = { ok: 'success', warn: 'warning', breach: 'danger', no_data: 'neutral' } as const;

export function StatusBadge({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{status === 'no_data' ? 'no data' : status}</Badge>;
}

export const valueText = (v: number | null, unit: string | null) =>
  v === null ? '—' : `${v}${unit ? ` ${unit}` : ''}`;
