// A national EIA declaration whose category the classification directory does not allow for its industry (a
// registration form for a coal-fired unit that needs a report book) is not filed or accepted as it stands: the EIA
// section reviews the category first (API.md "EIA"; DOMAIN.md "The classification directory"). Run by intake on
// the application's own case, in place of the acceptance flow:
//   - the section confirms the declared category: a registration form (answered at once) is filed then, with its
//     number; anything else goes on to the window's acceptance, exactly as an agreeing declaration does;
//   - the section refuses it, with reasons: the application is not accepted (the construction unit declares
//     again under the right category). The national system is told each status, as for every declaration.
import type { WorkflowDefinition } from '../engine/definition';
import { ACCEPTANCE } from './acceptance';

export const EIA_CATEGORY_CHECK_KEY = 'eia_category_check';

/** The end a confirmed registration form reaches: filed (approved) at once, like an agreeing one. */
export const CATEGORY_CONFIRMED_FILED = 'filed';

export const EIA_CATEGORY_CHECK: WorkflowDefinition = {
  key: EIA_CATEGORY_CHECK_KEY,
  version: 1,
  start: 'category-review',
  steps: [
    {
      id: 'category-review',
      kind: 'task',
      taskKind: 'review',
      dept: 'eia',
      outcomes: { approve: 'answered-at-once', reject: 'not-accepted' },
    },
    {
      id: 'answered-at-once',
      kind: 'gateway',
      routes: [{ when: { field: 'data.answeredAtOnce', eq: true }, to: CATEGORY_CONFIRMED_FILED }],
      otherwise: ACCEPTANCE.start,
    },
    { id: CATEGORY_CONFIRMED_FILED, kind: 'end', result: 'approved' },
    ...ACCEPTANCE.steps,
  ],
};
