// Loaded into each service process by the bench (NODE_OPTIONS=--require …) when BENCH_CPU_PROFILE_DIR is set:
// the first SIGWINCH starts V8's sampling profiler in the process (node:inspector, in process: no port is
// opened), the next stops it and writes `<pid>.cpuprofile` into that folder. The bench sends them around the
// throughput phase only, so the profile holds that phase and nothing of the start-up. (--cpu-prof would need a
// normal exit to write, which a SIGTERM'd Nest process does not make, and is not allowed in NODE_OPTIONS.)
// SIGWINCH because its default is to do nothing (a process without the hook is not hurt), and Nest's shutdown
// hooks do not listen to it (they take SIGUSR2 and re-raise it after closing the app).
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  let session: Session | undefined;
  const post = (s: Session, method: string, params?: object) =>
    new Promise<any>((resolve, reject) => s.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res)))); // eslint-disable-line @typescript-eslint/no-explicit-any -- the inspector protocol's answers are untyped
  const mark = (what: string) => writeFileSync(join(dir, `${process.pid}.${what}`), new Date().toISOString());
  process.on('SIGWINCH', () => {
    if (!session) {
      const s = (session = new Session());
      s.connect();
      void post(s, 'Profiler.enable')
        .then(() => post(s, 'Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 1000) }))
        .then(() => post(s, 'Profiler.start'))
        .then(() => mark('started'))
        .catch((err: Error) => mark(`failed-${err.message.replace(/\W+/g, '_').slice(0, 60)}`));
      return;
    }
    const s = session;
    session = undefined;
    void post(s, 'Profiler.stop')
      .then((res: { profile: unknown }) => {
        const tmp = join(dir, `${process.pid}.cpuprofile.tmp`);
        writeFileSync(tmp, JSON.stringify(res.profile));
        renameSync(tmp, join(dir, `${process.pid}.cpuprofile`));
      })
      .catch((err: Error) => mark(`failed-${err.message.replace(/\W+/g, '_').slice(0, 60)}`))
      .finally(() => s.disconnect());
  });
}
