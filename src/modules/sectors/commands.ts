import { encodeJson } from '../../db/json.js';
import { LEGAL_SUGGESTIONS } from '../../catalog/sectors.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, updateRecord } from '../../kernel/records.js';
import { legalTitlesIn, sectorSettingsRow } from './queries.js';
import { addLegalInput, sectorsInput } from './schemas.js';

/** Chooses the organization's sectors (replacing the choice before). */
export const chooseSectors = orgCommand({
  action: 'sectors.update',
  input: sectorsInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const current = await sectorSettingsRow(tx.db, orgId);
    tx.expectVersion(current?.version ?? 0);
    const sectors = encodeJson([...new Set(input.sectors)]);
    return current
      ? updateRecord(tx, orgId, 'sector_settings', current, { sectors })
      : insertRecord(tx, orgId, 'sector_settings', { sectors });
  },
});

/**
 * Adds a sector profile's legal suggestion to the legal requirements register, under review (the
 * organization decides whether it applies), saying where the suggestion came from.
 */
export const addLegalSuggestion = orgCommand({
  action: 'sectors.add_legal',
  input: addLegalInput,
  async run(tx, input) {
    const s = LEGAL_SUGGESTIONS.get(input.suggestionId);
    if (!s)
      throw new AppError('UNKNOWN_REFERENCE', 'No such legal suggestion.', [
        { pointer: '/body/suggestionId', message: 'Not a suggestion of a sector profile.' },
      ]);
    if ((await legalTitlesIn(tx.db, tx.org.orgId, [s.title])).size > 0)
      throw new AppError('ALREADY_ADDED', 'The legal register already has this requirement.', [
        { pointer: '/body/suggestionId', message: 'Already in the register.' },
      ]);
    return insertRecord(tx, tx.org.orgId, 'legal_requirements', {
      title: s.title,
      instrument: s.instrument,
      jurisdiction: s.instrument === 'national_law' ? null : 'EU',
      obligations: s.why,
      applicability: 'under_review',
      justification: `Suggested by aims's ${s.sector} sector profile (aims's own judgement, not ISO/IEC 42001 Annex D): decide whether it applies.`,
      ai_system_ids: null,
      owner_member_id: null,
      review_date: null,
    });
  },
});
