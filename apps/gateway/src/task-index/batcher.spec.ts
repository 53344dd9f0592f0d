import { Jobs, TaskIndexChangedV1 } from '@permits/contracts/jobs';
import { validatePayload } from '@permits/queue';
import { TaskChangeBatcher } from './worker';
import { TaskMessage } from './projector';

const change = (taskId: string): TaskIndexChangedV1 => validatePayload(Jobs.TaskIndexChanged, { taskId, version: 1, open: false });

describe(TaskChangeBatcher.name, () => {
  it('applies the jobs that arrive together in one batch, and each completes when it commits', async () => {
    const batches: string[][] = [];
    const b = new TaskChangeBatcher(async (batch: TaskMessage[]) => void batches.push(batch.map((m) => m.messageId)));
    await Promise.all(['a', 'b', 'c'].map((id) => b.add({ messageId: id, change: change(`dp_${id}`) })));
    await b.add({ messageId: 'd', change: change('dp_d') });
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('fails every job of a batch that does not commit (each is retried by its queue)', async () => {
    const b = new TaskChangeBatcher(() => Promise.reject(new Error('database away')));
    const results = await Promise.allSettled(['a', 'b'].map((id) => b.add({ messageId: id, change: change(`dp_${id}`) })));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
