import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { BaseConfig, loadConfig } from '@permits/config';
import { CaseStatusChangedV1, Jobs, Queues } from '@permits/contracts/jobs';
import { freePort } from '../../../scripts/local-system';
import { startConsumer } from './consumer';
import { QueueClient } from './queue-client';
import { QueueSigner } from './signature';

jest.setTimeout(90_000);

const hasSentinel = (() => {
  try {
    return spawnSync('redis-sentinel', ['--version']).status === 0;
  } catch {
    return false;
  }
})();

async function until<T>(check: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * REDIS_SENTINELS: every connection asks Debian's redis-sentinel for the master and follows a failover. A master
 * and a replica of the test's own (never the shared Redis), one sentinel; the master is killed and the replica
 * promoted while a consumer and a producer hold connections.
 */
(hasSentinel ? describe : describe.skip)('Redis through Sentinel (REDIS_SENTINELS)', () => {
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'permits-sentinel-'));
  let master: ChildProcess;
  let masterPort = 0;
  let replicaPort = 0;
  let sentinelPort = 0;
  let producer: QueueClient;
  let worker: Worker | undefined;

  const run = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { stdio: 'ignore' });
    children.push(c);
    return c;
  };
  const ping = (port: number) =>
    until(
      async () => {
        const r = new IORedis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      },
      10_000,
      `redis on ${port}`,
    );

  beforeAll(async () => {
    [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    const plain = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    master = run('redis-server', ['--port', String(masterPort), ...plain]);
    await ping(masterPort);
    run('redis-server', ['--port', String(replicaPort), ...plain, '--replicaof', '127.0.0.1', String(masterPort)]);
    await ping(replicaPort);
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor permits 127.0.0.1 ${masterPort} 1`,
        'sentinel down-after-milliseconds permits 1000',
        'sentinel failover-timeout permits 5000',
      ].join('\n') + '\n',
    );
    run('redis-sentinel', [conf]);
    await ping(sentinelPort);
  });
  afterAll(async () => {
    await worker?.close(true).catch(() => undefined);
    await producer?.close().catch(() => undefined);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads REDIS_SENTINELS and REDIS_SENTINEL_NAME into the options ioredis takes, password and db from REDIS_URL', () => {
    const config = loadConfig(BaseConfig, {
      REDIS_SENTINELS: `127.0.0.1:${sentinelPort}, sentinel-2.internal:26379`,
      REDIS_SENTINEL_NAME: 'permits',
      REDIS_URL: 'redis://:s%40cret@ignored:6379/2',
    });
    expect(config.redisTarget()).toEqual({
      sentinels: [
        { host: '127.0.0.1', port: sentinelPort },
        { host: 'sentinel-2.internal', port: 26379 },
      ],
      name: 'permits',
      password: 's@cret',
      db: 2,
    });
    expect(loadConfig(BaseConfig, {}).redisTarget()).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig(BaseConfig, { REDIS_SENTINELS: 'no-port' })).toThrow(/REDIS_SENTINELS must be comma-separated host:port pairs/);
  });

  it('delivers messages through the master the sentinel names, before and after a failover', async () => {
    const config = loadConfig(BaseConfig, { REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'permits' });
    const prefix = `sentinel-${randomUUID().slice(0, 8)}`;
    const signer = new QueueSigner('sentinel-int-spec-queue-key');
    producer = new QueueClient(config.redisTarget(), prefix, 1000, signer);
    const handled: string[] = [];
    worker = startConsumer({
      queue: Queues.Intake,
      handlers: [{ job: Jobs.CaseStatusChanged, handle: async (p: CaseStatusChangedV1) => void handled.push(p.applicationId) }],
      redis: config.redisTarget(),
      signer,
      prefix,
      retryCapMs: 500,
    });
    // the failover's reconnects are reported as errors; the test judges by what is delivered
    worker.on('error', () => undefined);
    producer.queue(Queues.Intake).on('error', () => undefined);
    const send = (applicationId: string) =>
      producer
        .queue(Queues.Intake)
        .add(
          Jobs.CaseStatusChanged.name,
          { applicationId, correlationId: randomUUID(), status: 'in_review', at: new Date().toISOString() },
          { jobId: applicationId },
        );

    await send('before-failover');
    await until(async () => handled.includes('before-failover'), 10_000, 'the first message');

    // the master dies; the sentinel promotes the replica; both connections follow it
    master.kill('SIGKILL');
    const sentinel = new IORedis(sentinelPort, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      await until(
        async () => ((await sentinel.call('SENTINEL', 'get-master-addr-by-name', 'permits')) as string[])[1] === String(replicaPort),
        30_000,
        'the replica promoted',
      );
    } finally {
      sentinel.disconnect();
    }
    await until(async () => await send('after-failover').then(() => true), 30_000, 'the producer on the new master');
    await until(async () => handled.includes('after-failover'), 30_000, 'the consumer on the new master');
    expect(handled.filter((h) => h === 'after-failover')).toHaveLength(1);
  });
});
