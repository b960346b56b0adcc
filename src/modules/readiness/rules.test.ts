import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRules, RULES } from './rules.js';

const text = fs.readFileSync(new URL('./rules.json', import.meta.url), 'utf8');
const withClause = (check: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(text), clauses: { '4.1': [check] } });

describe('the readiness rules', () => {
  it('load and give every check a known kind', () => {
    expect(Object.keys(RULES.clauses).length).toBeGreaterThan(20);
    expect(RULES.controls[0]!.check).toBe('control');
  });

  it('refuse a table the schema does not have', () => {
    expect(() =>
      parseRules(withClause({ check: 'exists', table: 'audit_plans', label: 'audits' })),
    ).toThrow(/table/);
  });

  it('refuse a column the table does not have, wherever the rule names it', () => {
    expect(() =>
      parseRules(
        withClause({ check: 'exists', table: 'risks', label: 'x', where_not_null: 'treated_on' }),
      ),
    ).toThrow('risks has no column treated_on');
    expect(() =>
      parseRules(
        withClause({ check: 'each_system', table: 'risks', label: 'x', column: 'system' }),
      ),
    ).toThrow('risks has no column system');
    expect(() =>
      parseRules(
        withClause({ check: 'exists', table: 'risks', label: 'x', where: { state: 'open' } }),
      ),
    ).toThrow('risks has no column state');
  });

  it('refuse an unknown kind of check and a field a check does not take', () => {
    expect(() => parseRules(withClause({ check: 'audited', label: 'x' }))).toThrow();
    expect(() =>
      parseRules(withClause({ check: 'scope_approved', label: 'x', table: 'risks' })),
    ).toThrow();
  });
});
