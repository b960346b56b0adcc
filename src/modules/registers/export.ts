import type { RegisterSpec } from './definitions.js';

/** Column order of a register's exports and imports: id first, then the fields as declared. */
export function exportColumns(spec: RegisterSpec) {
  return ['id', ...Object.keys(spec.fields), 'version', 'createdAt', 'updatedAt'];
}
