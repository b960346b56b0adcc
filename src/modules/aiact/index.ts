// The EU AI Act questionnaire and the tier it proposes (A.5, EU AI Act Art. 5, 6, 50, 51): its one public face.
export { answerQuestionnaire, confirmTier } from './commands.js';
export { aiActRoutes } from './routes.js';
