/**
 * Planning (clause 6): AI objectives with their measurements (6.2, objectives.ts) and planned
 * changes to the AIMS with every decision on them (6.3, change-commands.ts and change-routes.ts).
 */
import type { RouteSpec } from '../../api/route.js';
import { changeRoutes } from './change-routes.js';
import { objectiveRoutes } from './objectives.js';

export { FREQUENCIES, createObjective, recordMeasurement, updateObjective } from './objectives.js';
export {
  CHANGE_STATES,
  CHANGE_STEPS,
  decideChange,
  proposeChange,
  withdrawChange,
} from './change-commands.js';

export const planningRoutes: RouteSpec[] = [...objectiveRoutes, ...changeRoutes];
