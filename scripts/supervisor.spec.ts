import { Child, DEFAULT_BACKOFF, EX_CONFIG, restartDelay, Supervisor, SupervisorHost } from './supervisor';

interface FakeChild extends Child {
  name: string;
  exit(code: number | null, signal?: NodeJS.Signals | null): void;
}

/** A host with a hand-driven clock: children are records, timers fire when the test moves time. */
function fakeHost() {
  let now = 0;
  let nextPid = 100;
  const timers: { at: number; fn: () => void }[] = [];
  const children: FakeChild[] = [];
  const killed: { pid: number | undefined; signal: NodeJS.Signals }[] = [];
  const lines: string[] = [];
  const exits: number[] = [];
  const host: SupervisorHost<{ name: string }> = {
    spawn: ({ name }) => {
      const listeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
      const child: FakeChild = {
        name,
        pid: nextPid++,
        onExit: (l) => void listeners.push(l),
        exit: (code, signal = null) => listeners.forEach((l) => l(code, signal)),
      };
      children.push(child);
      return child;
    },
    killGroup: (child, signal) => void killed.push({ pid: child.pid, signal }),
    log: (line) => void lines.push(line),
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn });
      return {};
    },
    exit: (code) => void exits.push(code),
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.fn();
    }
  };
  const spawnsOf = (name: string) => children.filter((c) => c.name === name);
  const latest = (name: string) => spawnsOf(name)[spawnsOf(name).length - 1];
  return { host, advance, children, killed, lines, exits, spawnsOf, latest };
}

describe(restartDelay.name, () => {
  it('doubles from the initial pause and stops at the cap', () => {
    const backoff = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => restartDelay(n, backoff))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe(Supervisor.name, () => {
  it('restarts a crashing process with growing pauses, capped', () => {
    const f = fakeHost();
    const s = new Supervisor(f.host, DEFAULT_BACKOFF);
    s.start({ name: 'intake-http' });
    const pauses: number[] = [];
    for (let i = 0; i < 7; i++) {
      f.latest('intake-http').exit(1);
      const before = f.spawnsOf('intake-http').length;
      let waited = 0;
      while (f.spawnsOf('intake-http').length === before) {
        f.advance(500);
        waited += 500;
      }
      pauses.push(waited);
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(f.exits).toEqual([]);
  });

  it('starts counting again after a process stayed up', () => {
    const f = fakeHost();
    const s = new Supervisor(f.host, DEFAULT_BACKOFF);
    s.start({ name: 'worker' });
    for (let i = 0; i < 3; i++) {
      f.latest('worker').exit(1);
      f.advance(10_000);
    }
    f.advance(DEFAULT_BACKOFF.stableMs);
    f.latest('worker').exit(1);
    expect(f.lines[f.lines.length - 1]).toBe('worker exited (1); restarting in 1 s');
  });

  it('does not restart a process that exits with a configuration error; stops the rest and exits 78', () => {
    const f = fakeHost();
    const s = new Supervisor(f.host, DEFAULT_BACKOFF, 5000);
    s.start({ name: 'intake-http' });
    s.start({ name: 'gateway' });
    f.latest('intake-http').exit(EX_CONFIG);
    expect(f.killed).toEqual([{ pid: f.latest('gateway').pid, signal: 'SIGTERM' }]);
    f.latest('gateway').exit(0, 'SIGTERM');
    f.advance(120_000);
    expect(f.spawnsOf('intake-http')).toHaveLength(1);
    expect(f.exits).toEqual([EX_CONFIG]);
    expect(f.lines.some((l) => l.includes('configuration error') && l.includes('not restarted'))).toBe(true);
  });

  it('on stop, signals every process group and kills what outlives the grace period', () => {
    const f = fakeHost();
    const s = new Supervisor(f.host, DEFAULT_BACKOFF, 5000);
    for (const name of ['a', 'b', 'c']) s.start({ name });
    s.stop('SIGTERM', 1);
    expect(f.killed.map((k) => k.signal)).toEqual(['SIGTERM', 'SIGTERM', 'SIGTERM']);
    f.latest('a').exit(0);
    f.latest('b').exit(0);
    f.advance(5000);
    expect(f.killed.slice(3)).toEqual([{ pid: f.latest('c').pid, signal: 'SIGKILL' }]);
    expect(f.exits).toEqual([]);
    f.latest('c').exit(null, 'SIGKILL');
    expect(f.exits).toEqual([1]);
  });

  it('restarts nothing once stopping, even a restart already scheduled', () => {
    const f = fakeHost();
    const s = new Supervisor(f.host, DEFAULT_BACKOFF);
    s.start({ name: 'a' });
    s.start({ name: 'b' });
    f.latest('a').exit(1); // restart scheduled in 1 s
    s.stop();
    f.latest('b').exit(0);
    f.advance(60_000);
    expect(f.spawnsOf('a')).toHaveLength(1);
    expect(f.exits).toEqual([0]);
  });
});
