// The EU AI Act questionnaire and the tier it proposes (A.5, EU AI Act Art. 5, 6, 50, 51): its one public face.
export { answerQuestionnaire, confirmTier } from './commands.js';
export { aiActRoutes } from './routes.js';
// The questionnaire's starting answers, for a module (e.g. sector profiles) that wants other defaults.
export { DEFAULT_ANSWERS, withDefaults, type Answers as AiActAnswers } from './classify.js';
