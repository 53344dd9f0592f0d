import { Actor } from '@permits/workflow-runtime';

/** The supervision system itself: the "applicant" of the check cases it opens, and so the one that withdraws them. */
export const SUPERVISION_SYSTEM: Actor = { id: 'system:supervision', roles: ['applicant'] };
