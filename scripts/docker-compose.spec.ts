import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_PROCESS_FLAGS } from './services';
import { DischargePermitConfig, GatewayConfig, IntakeConfig, NotificationConfig, SERVICE_NAMES, secretsOf } from '@permits/config';

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
  it('runs every process of the image with the V8 flags npm start and the test systems use', () => {
    const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(runtime)?.[1]).toBe(NODE_PROCESS_FLAGS.join(' '));
  });

  it('runs production by default', () => {
    expect(compose).toMatch(/NODE_ENV: \$\{NODE_ENV:-production\}/);
  });

  it('refuses to start without every secret any process declares (no fallback value)', () => {
    const secrets = new Set([GatewayConfig, IntakeConfig, NotificationConfig, DischargePermitConfig].flatMap((c) => secretsOf(c)));
    expect(secrets.size).toBeGreaterThanOrEqual(2);
    for (const s of secrets) expect(compose).toMatch(new RegExp(`${s}: \\$\\{${s}:\\?`));
    expect(compose).not.toMatch(/dev-secret-change-me|dev-national-eia-secret/);
  });

  it('publishes only the gateway and puts the rest on an internal network', () => {
    const all = services();
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['postgres', 'redis', 'intake', 'gateway']));
    expect(Object.entries(all).filter(([, text]) => /^ {4}ports:/m.test(text)).map(([name]) => name)).toEqual(['gateway']);
    expect(compose).toMatch(/\n {2}internal:\n {4}internal: true\n/);
    expect(compose).toMatch(/BIND_ADDRESS: 0\.0\.0\.0/);
    for (const [name, text] of Object.entries(all)) if (!/<<: \*app/.test(text)) expect({ name, internal: /networks: \[internal/.test(text) }).toEqual({ name, internal: true });
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
