// `npm run simulate:monitoring -- [creditCode ...]`: plays the online monitoring platform against a running
// system (`npm start`): a stream of signed alarms (MONITORING_SECRET, as the platform signs them) for the given
// enterprises (default: the first regulated entities an admin token can list), now and then the same alarm twice
// (the platform retries), now and then a reading back under the limit. Prints what the system answered.
import { randomUUID } from 'node:crypto';
import { signToken } from '@permits/auth';
import { LauncherConfig, loadConfig } from '@permits/config';
import { signedHeaders } from '@permits/http/signed-request';

const POLLUTANTS = [
  { pollutant: 'SO2', unit: 'mg/m3', limit: 100, outlet: 'DA001' },
  { pollutant: 'NOx', unit: 'mg/m3', limit: 150, outlet: 'DA001' },
  { pollutant: 'PM', unit: 'mg/m3', limit: 20, outlet: 'DA002' },
  { pollutant: 'COD', unit: 'mg/L', limit: 50, outlet: 'DW001' },
  { pollutant: 'NH3-N', unit: 'mg/L', limit: 5, outlet: 'DW001' },
];

async function main(): Promise<void> {
  const config = loadConfig(LauncherConfig);
  const base = process.env.GATEWAY_URL ?? `http://127.0.0.1:${config.PORT}`;
  const count = Number(process.env.ALARMS ?? 20);
  const intervalMs = Number(process.env.INTERVAL_MS ?? 500);
  let codes = process.argv.slice(2);
  if (codes.length === 0) {
    const token = await signToken({ id: 'simulator', name: 'Monitoring simulator', roles: ['admin'], dept: 'enforcement' }, config.JWT_SECRET);
    const res = await fetch(`${base}/api/v1/supervision/entities?limit=20`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`listing regulated entities answered ${res.status}: ${await res.text()}`);
    codes = ((await res.json()) as { items: { creditCode: string }[] }).items.map((e) => e.creditCode);
  }
  if (codes.length === 0) throw new Error('no regulated entities yet: issue a permit first, or name credit codes on the command line');
  let last: string | undefined;
  for (let i = 0; i < count; i++) {
    const p = POLLUTANTS[i % POLLUTANTS.length];
    const retry = last !== undefined && Math.random() < 0.15;
    const exceed = Math.random() < 0.8;
    const value = Math.round(p.limit * (exceed ? 1.05 + Math.random() * 1.5 : 0.5 + Math.random() * 0.45) * 10) / 10;
    const raw = retry
      ? (last as string)
      : JSON.stringify({
          alarmId: `SIM-${randomUUID()}`,
          creditCode: codes[i % codes.length],
          outlet: p.outlet,
          pollutant: p.pollutant,
          value,
          limit: p.limit,
          unit: p.unit,
          at: new Date().toISOString(),
        });
    last = raw;
    // signed with this machine's time: the server accepts 300 s either side of its clock (a system clock, as `npm start` runs)
    const res = await fetch(`${base}/api/v1/integrations/monitoring/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(config.MONITORING_SECRET, raw, new Date()) },
      body: raw,
    });
    const body = JSON.parse(raw) as { alarmId: string; creditCode: string; pollutant: string; value: number; limit: number };
    console.log(`${retry ? 'retry ' : ''}${body.alarmId} ${body.creditCode} ${body.pollutant} ${body.value}/${body.limit} → ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
