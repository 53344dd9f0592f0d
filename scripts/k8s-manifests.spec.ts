import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import * as configs from '../libs/config/src';
import { NODE_PROCESS_FLAGS, OLD_SPACE_CAP_MIB, PROCESSES, SERVICE_DATA } from './services';
import { serviceRole } from '../libs/persistence/src/data-source';

const DIR = join(__dirname, '..', 'deploy', 'k8s');
const ROOT = join(__dirname, '..');

/** The Kubernetes types we use, each with its JSON schema (kubernetes-models validates against the API's OpenAPI schema). */
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Service': Service,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a manifest's spec is whatever its kind says; kubernetes-models validates it
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };
type Container = {
  name: string;
  command: string[];
  envFrom?: { configMapRef?: { name: string } }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: number } };
  readinessProbe?: { httpGet?: { path: string; port: number } };
  startupProbe?: { httpGet?: { path: string; port: number } };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects: (K8sObject & { file: string })[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const o = doc.toJS() as K8sObject | null;
    return o ? [{ ...o, file }] : [];
  }),
);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const deployments = ofKind('Deployment');
const containerOf = (o: K8sObject): Container => o.spec.template.spec.containers[0];

/** The config class a process loads (`loadConfig(XConfig)` in its entry point), and the settings it accepts. */
function settingsOf(entry: string): Set<string> {
  const source = readFileSync(join(ROOT, entry.replace(/\.js$/, '.ts')), 'utf8');
  const name = /loadConfig\((\w+)\)/.exec(source)?.[1];
  const cls = (configs as unknown as Record<string, new () => object>)[name ?? ''];
  if (!cls) throw new Error(`${entry}: no loadConfig(XConfig) found`);
  return new Set(Object.keys(new cls()));
}

/** The port a process listens on by default: its service's *_PORT, its worker's *_WORKER_PORT, the gateway's PORT. */
function portOf(p: (typeof PROCESSES)[number]): number {
  if (p.service === 'gateway') return new configs.GatewayConfig().PORT;
  const c = new configs.ServicePortsConfig();
  return p.entry.endsWith('worker.js') ? c.workerPort(p.service) : c.servicePort(p.service);
}

const envName = (service: string) => service.toUpperCase().replace(/-/g, '_');

/** The key of permits-secrets an env var of a process comes from: its own name, but a service's DATABASE_URL is its own (`INTAKE_DATABASE_URL`, its role). */
function secretKeyOf(p: (typeof PROCESSES)[number], name: string): string {
  return name === 'DATABASE_URL' && p.service !== 'gateway' ? `${envName(p.service)}_DATABASE_URL` : name;
}

/** deploy/k8s's name for a process: `intake` for intake-http, `intake-worker`, `gateway`. */
const deploymentName = (name: string) => name.replace(/-http$/, '');

describe('deploy/k8s', () => {
  it('parses, and every object is valid against the schema of its Kubernetes type', () => {
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      if (!Model) throw new Error(`${o.file}: ${o.apiVersion} ${o.kind} is not a type the check knows`);
      const { file: _file, ...plain } = o;
      try {
        new Model(plain as never).validate();
      } catch (err) {
        throw new Error(`${o.file}: ${o.kind} ${o.metadata?.name}: ${(err as Error).message}`, { cause: err });
      }
    }
  });

  it('catches a manifest that breaks its schema (the check can fail)', () => {
    const broken = JSON.parse(JSON.stringify(deployments[0]));
    delete broken.file;
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort/);
  });

  it('runs every process of scripts/services.ts, with probes on /health/live and /health/ready at its own port', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(PROCESSES.map((p) => deploymentName(p.name)).sort());
    for (const p of PROCESSES) {
      const d = deployments.find((x) => x.metadata.name === deploymentName(p.name)) as K8sObject;
      const c = containerOf(d);
      expect(c.command).toEqual(['node', `dist/${p.entry}`]);
      const port = portOf(p);
      expect(c.ports?.map((x) => x.containerPort)).toEqual([port]);
      expect({ name: d.metadata.name, live: c.livenessProbe?.httpGet, ready: c.readinessProbe?.httpGet, startup: c.startupProbe?.httpGet }).toEqual({
        name: d.metadata.name,
        live: { path: '/health/live', port },
        ready: { path: '/health/ready', port },
        startup: { path: '/health/live', port },
      });
      expect(c.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      expect(c.resources?.limits).toEqual(expect.objectContaining({ memory: expect.anything() }));
    }
  });

  it('gives each process only settings its config accepts, from the one ConfigMap and the one Secret', () => {
    const [configMap] = ofKind('ConfigMap');
    const shared = Object.keys(configMap.data ?? {});
    const everyProcess = new Set(PROCESSES.flatMap((p) => [...settingsOf(p.entry)]));
    // a shared setting is one some process reads (FILE_STORE is intake's)
    expect(shared.filter((k) => !everyProcess.has(k))).toEqual([]);
    for (const p of PROCESSES) {
      const c = containerOf(deployments.find((x) => x.metadata.name === deploymentName(p.name)) as K8sObject);
      const accepted = settingsOf(p.entry);
      // NODE_OPTIONS is Node's, not the config's: checked on its own below
      const env = (c.env ?? []).filter((e) => e.name !== 'NODE_OPTIONS');
      expect({ process: p.name, unknown: env.map((e) => e.name).filter((n) => !accepted.has(n)) }).toEqual({ process: p.name, unknown: [] });
      expect(c.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
      for (const e of env) expect(e.valueFrom?.secretKeyRef).toEqual({ name: 'permits-secrets', key: secretKeyOf(p, e.name) });
    }
  });

  it('runs every process with the V8 flags of npm start (the old-space cap included) and a memory limit that holds the cap', () => {
    for (const p of PROCESSES) {
      const c = containerOf(deployments.find((x) => x.metadata.name === deploymentName(p.name)) as K8sObject);
      expect({ process: p.name, options: (c.env ?? []).find((e) => e.name === 'NODE_OPTIONS')?.value }).toEqual({
        process: p.name,
        options: NODE_PROCESS_FLAGS.join(' '),
      });
      // the old generation, the young (three semi-spaces of 4 MiB) and what a process holds outside the heap
      // (code, buffers, native: ~70 MiB of the 112–120 MiB an idle process is); an OOM kill below the cap would
      // bypass V8's own limit, a limit far above it would hide a missing cap
      const limitMiB = Number(/^(\d+)Mi$/.exec(String(c.resources?.limits?.memory))?.[1]);
      expect({ process: p.name, limitMiB, fits: limitMiB >= OLD_SPACE_CAP_MIB + 96 && limitMiB <= 2 * OLD_SPACE_CAP_MIB }).toEqual({
        process: p.name,
        limitMiB,
        fits: true,
      });
    }
  });

  it('gives each process exactly the secrets its config class declares, and each service its own database connection', () => {
    for (const p of PROCESSES) {
      const c = containerOf(deployments.find((x) => x.metadata.name === deploymentName(p.name)) as K8sObject);
      const names = (c.env ?? []).map((e) => e.name);
      const held = configs.knownSecrets().filter((k) => names.includes(k) || names.includes(`${k}_FILE`));
      expect({ process: p.name, held }).toEqual({ process: p.name, held: configs.secretsOf(p.config).sort() });
      const db = (c.env ?? []).find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key;
      expect({ process: p.name, db }).toEqual({ process: p.name, db: p.service === 'gateway' ? undefined : `${envName(p.service)}_DATABASE_URL` });
    }
    const [configMap] = ofKind('ConfigMap');
    expect(configs.knownSecrets().filter((k) => k in (configMap.data ?? {}))).toEqual([]);
  });

  it('mounts the audit anchors only where a chain is written (the processes holding AUDIT_KEY)', () => {
    for (const p of PROCESSES) {
      const d = deployments.find((x) => x.metadata.name === deploymentName(p.name)) as K8sObject;
      const claims = ((d.spec.template.spec.volumes ?? []) as { persistentVolumeClaim?: { claimName: string } }[]).map(
        (v) => v.persistentVolumeClaim?.claimName,
      );
      expect({ process: p.name, anchors: claims.includes('permits-audit-anchors') }).toEqual({
        process: p.name,
        anchors: configs.secretsOf(p.config).includes('AUDIT_KEY'),
      });
    }
  });

  it("runs the migration job as the admin with every service's URL (for their roles' passwords) and no application secret", () => {
    const env = (containerOf(ofKind('Job')[0]).env ?? []).map((e) => e.name).sort();
    expect(env).toEqual(['DATABASE_URL', 'REDIS_URL', ...configs.SERVICE_NAMES.map((s) => `${envName(s)}_DATABASE_URL`)].sort());
    const accepted = new Set(Object.keys(new configs.MigrateConfig()));
    expect(env.filter((k) => !accepted.has(k))).toEqual([]);
    // the admin URL (key DATABASE_URL) reaches no Deployment
    for (const d of deployments)
      expect({ d: d.metadata.name, admin: (containerOf(d).env ?? []).some((e) => e.valueFrom?.secretKeyRef?.key === 'DATABASE_URL') }).toEqual({
        d: d.metadata.name,
        admin: false,
      });
  });

  it('holds settings that a process accepts in production (with its own secrets given)', () => {
    const [configMap] = ofKind('ConfigMap');
    const secret = 'x'.repeat(40);
    for (const p of PROCESSES) {
      // the certificate signing key has a form (an Ed25519 seed or PEM), not just a length
      const own = Object.fromEntries(configs.secretsOf(p.config).map((k) => [k, k === 'CERTIFICATE_SIGNING_KEY' ? 'ab'.repeat(32) : secret]));
      const role = p.service === 'gateway' ? undefined : serviceRole(SERVICE_DATA[p.service].schema);
      const env = {
        ...configMap.data,
        ...(role ? { DATABASE_URL: `postgres://${role}:p@db:5432/permits` } : {}),
        REDIS_URL: 'redis://redis:6379',
        ...own,
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: secret,
      };
      expect(() => configs.loadConfig(p.config, env)).not.toThrow();
    }
    expect(() =>
      configs.loadConfig(configs.MigrateConfig, {
        ...configMap.data,
        DATABASE_URL: 'postgres://admin:p@db:5432/permits',
        INTAKE_DATABASE_URL: 'postgres://permits_intake:p@db:5432/permits',
      }),
    ).not.toThrow();
  });

  it('keeps a copy of every process up through a node drain, and scales every worker on its queue', () => {
    const pdbs = ofKind('PodDisruptionBudget');
    const hpas = ofKind('HorizontalPodAutoscaler');
    for (const d of deployments) {
      const name = d.metadata.name;
      expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(pdbs.filter((p) => p.spec.selector.matchLabels['app.kubernetes.io/name'] === name && p.spec.minAvailable === 1)).toHaveLength(1);
      expect(d.spec.template.metadata.labels).toEqual(expect.objectContaining(d.spec.selector.matchLabels));
      if (name.endsWith('-worker')) {
        const hpa = hpas.find((h) => h.spec.scaleTargetRef.name === name);
        expect(hpa?.spec.metrics[0]).toMatchObject({ type: 'External', external: { metric: { name: 'permits_queue_waiting' } } });
      }
    }
  });

  it('lets only the gateway be reached from outside', () => {
    const policies = ofKind('NetworkPolicy');
    expect(policies.find((p) => Object.keys(p.spec.podSelector).length === 0)?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const open = policies.filter((p) => (p.spec.ingress ?? []).some((rule: { from?: unknown[] }) => !rule.from));
    expect(open.map((p) => p.spec.podSelector.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'gateway' }]);
    expect(ofKind('Service').filter((s) => s.spec.type && s.spec.type !== 'ClusterIP')).toEqual([]);
  });

  it('has a migration job, and a kustomization that lists every file but the job', () => {
    expect(containerOf(ofKind('Job')[0]).command).toEqual(['node', 'dist/scripts/migrate.js']);
    const kustomization = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS() as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'migrate-job.yaml').sort());
  });
});
