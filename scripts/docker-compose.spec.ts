import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NODE_PROCESS_FLAGS, OLD_SPACE_CAP_MIB, PROCESSES } from './services';
import { GatewayConfig, knownSecrets, MigrateConfig, SERVICE_NAMES, secretsOf } from '@permits/config';
import { serviceRole } from '@permits/persistence';
import { SERVICE_DATA } from './services';

const compose = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');

/** The services of docker-compose.yml with the text of each, split at the two-space-indented names. */
function services(): Record<string, string> {
  const body = compose.slice(compose.indexOf('\nservices:\n'), compose.indexOf('\nnetworks:\n'));
  const out: Record<string, string> = {};
  let current = '';
  for (const line of body.split('\n')) {
    const name = /^ {2}([a-z-]+):$/.exec(line);
    if (name) out[(current = name[1])] = '';
    else if (current && line.startsWith('    ')) out[current] += `${line}\n`;
  }
  return out;
}

describe('docker-compose.yml', () => {
  it('runs every process of the image with the V8 flags npm start and the test systems use, the old-space cap included', () => {
    const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(/^ENV NODE_OPTIONS="?([^"\n]*)"?$/m.exec(runtime)?.[1]).toBe(NODE_PROCESS_FLAGS.join(' '));
    expect(NODE_PROCESS_FLAGS).toContain(`--max-old-space-size=${OLD_SPACE_CAP_MIB}`);
    // and each container of compose with the same, which a deployment may change per service (NODE_OPTIONS in .env)
    for (const p of PROCESSES) {
      const [name, c] = containerOf(p.entry) as [string, { environment?: Record<string, string> }];
      expect({ name, options: c.environment?.NODE_OPTIONS }).toEqual({ name, options: `\${NODE_OPTIONS:-${NODE_PROCESS_FLAGS.join(' ')}}` });
    }
  });

  it('runs production by default', () => {
    expect(compose).toMatch(/NODE_ENV: \$\{NODE_ENV:-production\}/);
  });

  /** Each container's environment as Compose sees it (anchors and merge keys resolved, ${…} left as written). */
  const containers = (
    parse(compose, { merge: true }) as { services: Record<string, { command?: string[]; environment?: Record<string, string>; volumes?: string[] }> }
  ).services;
  const containerOf = (entry: string) => Object.entries(containers).find(([, c]) => c.command?.join(' ') === `node dist/${entry}`);

  it('refuses to start without every secret any process declares (no fallback value)', () => {
    const secrets = new Set(PROCESSES.flatMap((p) => secretsOf(p.config)));
    expect([...secrets].sort()).toEqual(knownSecrets().filter((k) => secrets.has(k)));
    expect(secrets.size).toBeGreaterThanOrEqual(5);
    for (const s of secrets) expect(compose).toMatch(new RegExp(`${s}: (&\\S+ )?\\$\\{${s}:\\?`));
    expect(compose).not.toMatch(/dev-secret-change-me|dev-national-eia-secret|dev-audit-key|dev-queue-key|POSTGRES_PASSWORD: postgres/);
  });

  it('gives each process exactly the secrets its config class declares, no other', () => {
    for (const p of PROCESSES) {
      const found = containerOf(p.entry);
      if (!found) throw new Error(`no container runs ${p.entry}`);
      const [name, c] = found;
      const env = c.environment ?? {};
      const held = knownSecrets().filter((k) => k in env || `${k}_FILE` in env);
      expect({ name, held }).toEqual({ name, held: secretsOf(p.config).sort() });
      for (const k of held) expect({ name, k, value: env[k] }).toEqual({ name, k, value: expect.stringMatching(new RegExp(`^\\$\\{${k}:\\?`)) });
    }
  });

  it('connects each service as its own role and the gateway to no database; only the migration job has the admin', () => {
    for (const p of PROCESSES) {
      const [name, c] = containerOf(p.entry) as [string, { environment?: Record<string, string> }];
      const url = c.environment?.DATABASE_URL;
      if (p.service === 'gateway') {
        expect({ name, url }).toEqual({ name, url: undefined });
        continue;
      }
      const role = serviceRole(SERVICE_DATA[p.service].schema);
      expect({ name, user: url && new URL(url.replace(/\$\{[^}]*\}/g, 'x')).username }).toEqual({ name, user: role });
    }
    const migrate = containers.migrate.environment ?? {};
    expect(new URL(migrate.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).username).toBe('postgres');
    const accepted = new Set(Object.keys(new MigrateConfig()));
    for (const s of SERVICE_NAMES) {
      const key = `${s.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
      expect({ key, accepted: accepted.has(key), url: migrate[key] }).toEqual({
        key,
        accepted: true,
        url: containerOf(`apps/${s}/src/main.js`)?.[1].environment?.DATABASE_URL,
      });
    }
    expect(knownSecrets().filter((k) => k in migrate)).toEqual([]);
    const admins = Object.entries(containers)
      .filter(([, c]) => /postgres:\/\/postgres[:@]/.test(c.environment?.DATABASE_URL ?? ''))
      .map(([n]) => n);
    expect(admins).toEqual(['migrate']);
  });

  it('mounts the audit anchors only where a chain is written (the processes holding AUDIT_KEY)', () => {
    for (const p of PROCESSES) {
      const [name, c] = containerOf(p.entry) as [string, { volumes?: string[] }];
      const anchors = (c.volumes ?? []).some((v) => v.startsWith('anchors:'));
      expect({ name, anchors }).toEqual({ name, anchors: secretsOf(p.config).includes('AUDIT_KEY') });
    }
  });

  it('publishes only the gateway and puts the rest on an internal network', () => {
    const all = services();
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['postgres', 'redis', 'intake', 'gateway']));
    expect(
      Object.entries(all)
        .filter(([, text]) => /^ {4}ports:/m.test(text))
        .map(([name]) => name),
    ).toEqual(['gateway']);
    expect(compose).toMatch(/\n {2}internal:\n {4}internal: true\n/);
    expect(compose).toMatch(/BIND_ADDRESS: 0\.0\.0\.0/);
    for (const [name, text] of Object.entries(all))
      if (!/<<: \*app/.test(text)) expect({ name, internal: /networks: \[internal/.test(text) }).toEqual({ name, internal: true });
  });

  it('gives every worker a healthcheck on its ops port and tells the gateway where to scrape it (no `up 0` for a running worker)', () => {
    const all = services();
    const defaults = new GatewayConfig();
    for (const s of SERVICE_NAMES) {
      const port = defaults.workerPort(s);
      expect({ s, health: all[`${s}-worker`] }).toEqual({ s, health: expect.stringContaining(`http://127.0.0.1:${port}/health/ready`) });
      const key = `${s.toUpperCase().replace(/-/g, '_')}_WORKER_URL`;
      expect(compose).toMatch(new RegExp(`\\n {4}${key}: http://${s}-worker:${port}\\n`));
    }
  });
});
