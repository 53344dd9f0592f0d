import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { NODE_PROCESS_FLAGS, OLD_SPACE_CAP_MIB } from '../../scripts/services';
import { oldSpaceCapOf, readProcMemory } from './system';

describe('the old-space cap the bench reports', () => {
  it('is the last --max-old-space-size of the node options, the command line over NODE_OPTIONS, none without one', () => {
    expect(oldSpaceCapOf(['node', '--max-semi-space-size=4', '--max-old-space-size=128', 'dist/apps/intake/src/main.js'])).toBe(128);
    expect(oldSpaceCapOf(['node', 'dist/apps/intake/src/main.js'], '--max-semi-space-size=4 --max_old_space_size=160')).toBe(160);
    expect(oldSpaceCapOf(['node', '--max-old-space-size=96', 'main.js'], '--max-old-space-size=160')).toBe(96);
    // an argument of the script is not a node option
    expect(oldSpaceCapOf(['node', 'main.js', '--max-old-space-size=96'])).toBeUndefined();
    expect(oldSpaceCapOf(['node', 'main.js'], '')).toBeUndefined();
  });

  it('is read from a running process started as the bench and npm start start them', async () => {
    const child = spawn(process.execPath, [...NODE_PROCESS_FLAGS, '-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(readProcMemory(child.pid as number)).toEqual(expect.objectContaining({ oldSpaceCapMiB: OLD_SPACE_CAP_MIB, rssMiB: expect.any(Number) }));
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });
});
