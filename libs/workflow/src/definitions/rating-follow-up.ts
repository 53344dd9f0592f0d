import type { WorkflowDefinition } from '../engine/definition';

/**
 * 好差评 (DOMAIN.md "The service hall and the ratings"): a rating of 1 or 2 opens a follow-up for the window, which
 * contacts the enterprise and records what it did (the task's comment). Its own small case beside the application's.
 */
export const RATING_FOLLOW_UP: WorkflowDefinition = {
  key: 'rating_follow_up',
  version: 1,
  start: 'rating-follow-up',
  steps: [
    { id: 'rating-follow-up', kind: 'task', taskKind: 'rating_follow_up', dept: 'window', outcomes: { approve: 'followed-up', reject: 'unresolved' } },
    // approve: the enterprise was contacted and the matter settled; reject: it could not be settled (the comment says why)
    { id: 'followed-up', kind: 'end', result: 'approved' },
    { id: 'unresolved', kind: 'end', result: 'denied' },
  ],
};
