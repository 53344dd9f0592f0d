// The shared acceptance flow run by the intake service before a licence's own definition.
import type { WorkflowDefinition } from '../engine/definition';
import { SYSTEM_JOBS } from './jobs';

export const ACCEPTANCE: WorkflowDefinition = {
  key: 'acceptance',
  version: 1,
  start: 'acceptance',
  steps: [
    {
      id: 'acceptance',
      kind: 'task',
      taskKind: 'acceptance',
      dept: 'window',
      outcomes: { accept: 'accepted', request_correction: 'await-supplement', not_accept: 'not-accepted' },
    },
    // One complete list of corrections; the applicant's supplement brings the case back to the window.
    { id: 'await-supplement', kind: 'system', job: SYSTEM_JOBS.awaitSupplement, next: 'acceptance' },
    { id: 'accepted', kind: 'end', result: 'accepted' },
    { id: 'not-accepted', kind: 'end', result: 'not_accepted' },
  ],
};
