import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from '@permits/persistence';
import { DATABASES } from '../../../../test/support/env';
import { CommittedDraws1796100000000 } from '../../../../migrations/supervision/1796100000000-CommittedDraws';
import { SUPERVISION_ENTITIES } from '../data-source';
import { draw, DrawInputs, inputsHash } from './draw';

jest.setTimeout(60_000);

const CC = ['91110000600037341L', '91110108MA01XXXXX0', '91350100M000100Y43'];

/**
 * Plans drawn before committed draws (a seed the drawer may have chosen, inputs inline, two plans for one
 * period) go through the migration: commitment computed and marked as not made at the draw, inputs moved to
 * plan_inputs in their order, the later plan of a period cancelled with its reason, one plan per period after.
 */
describe('CommittedDraws1796100000000', () => {
  let db: DataSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const { url } = await DATABASES.fresh('committed-draws');
    db = createServiceDataSource({ url, schema: 'supervision', entities: SUPERVISION_ENTITIES });
    await db.initialize();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('treats plans drawn before sensibly, and leaves one plan per period', async () => {
    const qr = db.createQueryRunner();
    const migration = new CommittedDraws1796100000000();
    try {
      await migration.down(qr);
      const inputs: DrawInputs = {
        period: '2026-Q3',
        ratios: { key: 1, general: 0.5, positiveList: 1 },
        inspectorsPerCheck: 2,
        entities: [
          { creditCode: CC[0], riskClass: 'key', positiveList: false, onlineMonitoring: false },
          { creditCode: CC[1], riskClass: 'general', positiveList: false, onlineMonitoring: true },
          { creditCode: CC[2], riskClass: 'general', positiveList: true, onlineMonitoring: true },
        ],
        roster: [
          { userId: 'u1', conflicts: [CC[0]] },
          { userId: 'u2', conflicts: [] },
          { userId: 'u3', conflicts: [] },
        ],
      };
      const old = async (id: string, seed: string, at: string) =>
        qr.query(
          `INSERT INTO plans (id, name, period, seed, inputs_hash, algorithm, inputs, result, due_date, drawn_by, drawn_at) VALUES ($1, 'old', '2026-Q3', $2, $3, 'double-random/hmac-sha256/v1', $4, $5, '2026-09-30', 'head-1', $6)`,
          [id, seed, inputsHash(inputs), JSON.stringify(inputs), JSON.stringify(draw(seed, inputs)), at],
        );
      await old('00000000-0000-4000-8000-000000000001', 'chosen-seed', '2026-07-01T01:00:00Z');
      await old('00000000-0000-4000-8000-000000000002', 'chosen-again', '2026-07-02T01:00:00Z');
      await migration.up(qr);
    } finally {
      await qr.release();
    }

    const plans = await db.query(
      `SELECT id, seed_commitment, seed_committed, counts, inputs, cancelled_at, cancelled_by, cancel_reason FROM plans ORDER BY drawn_at`,
    );
    expect(plans[0]).toMatchObject({
      seed_commitment: createHash('sha256').update('chosen-seed').digest('hex'),
      seed_committed: false,
      cancelled_at: null,
      inputs: { period: '2026-Q3', ratios: { key: 1, general: 0.5, positiveList: 1 }, inspectorsPerCheck: 2 },
    });
    expect(plans[0].counts).toEqual({ key: { entities: 1, drawn: 1 }, general: { entities: 1, drawn: 1 }, positiveList: { entities: 1, drawn: 1 } });
    expect(plans[1]).toMatchObject({ cancelled_by: 'system:migration', cancel_reason: expect.stringContaining('one plan per period') });
    expect(plans[1].cancelled_at).not.toBeNull();
    const rows = await db.query(`SELECT kind, seq, data FROM plan_inputs WHERE plan_id = $1 ORDER BY kind, seq`, ['00000000-0000-4000-8000-000000000001']);
    expect(rows.filter((r: { kind: string }) => r.kind === 'entity').map((r: { data: { creditCode: string } }) => r.data.creditCode)).toEqual(CC);
    expect(rows.filter((r: { kind: string }) => r.kind === 'inspector').map((r: { seq: number; data: unknown }) => [r.seq, r.data])).toEqual([
      [0, { userId: 'u1', conflicts: [CC[0]] }],
      [1, { userId: 'u2', conflicts: [] }],
      [2, { userId: 'u3', conflicts: [] }],
    ]);
    expect(
      (await db.query(`SELECT action FROM plan_events WHERE plan_id = $1 ORDER BY id`, ['00000000-0000-4000-8000-000000000002'])).map(
        (e: { action: string }) => e.action,
      ),
    ).toEqual(['drawn', 'cancelled']);

    // one plan per period from now on, whatever path writes it
    await expect(
      db.query(
        `INSERT INTO plans (id, name, period, seed, seed_commitment, inputs_hash, algorithm, inputs, result, due_date, drawn_by, drawn_at) VALUES ('00000000-0000-4000-8000-000000000003', 'x', '2026-Q3', 's', 'c', 'h', 'a', '{}', '[]', '2026-09-30', 'u', now())`,
      ),
    ).rejects.toThrow('plans_one_per_period');
  });
});
