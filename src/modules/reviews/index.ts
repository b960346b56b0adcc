// Management reviews (9.3): the module's one public face. The readiness engine reads the reviews
// through `heldReviews` and the topics a review's inputs must cover through INPUT_TOPICS.
export { holdReview, issueMinutes, planReview, updateReview } from './commands.js';
export { addReviewAction, recordDecision, updateReviewAction } from './decision-commands.js';
export { computeInputs, INPUT_TOPICS, inputsHash } from './inputs.js';
export { reviewRoutes } from './routes.js';
export { openReviewActions } from './queries.js';
