/**
 * Record factories for monitoring: a metric made through the module's command, with an AI
 * system when none is given.
 */
import type { z } from 'zod';
import type { Row } from '../../src/db/schema.js';
import { defineMetric } from '../../src/modules/monitoring/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

let counter = 0;

/** An accuracy-like metric (higher is better, warn below 93, breach below 90) of an AI system. */
export async function makeMetric(
  u: Unit,
  overrides: Partial<z.input<typeof defineMetric.input>> = {},
  opts: { as?: UnitMember | 'host' } = {},
): Promise<Row<'metric_definitions'>> {
  const aiSystemId = overrides.aiSystemId ?? (await makeAiSystem(u, {}, opts)).id;
  return u.run(
    defineMetric,
    {
      name: `Accuracy ${++counter}`,
      unit: '%',
      direction: 'higher_is_better',
      warnThreshold: 93,
      breachThreshold: 90,
      ...overrides,
      aiSystemId,
    },
    opts,
  );
}
