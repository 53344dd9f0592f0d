import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs } from '@permits/contracts/jobs';
import { Clock } from '@permits/clock';
import { addToOutbox, rowValues } from '@permits/persistence';
import { auditHash, AuditKey, LEGACY_ALG, StaffFields, StaffRow, StoredStaff, storeOwnedStaff } from '@permits/workflow-runtime';
import { StaffChangeRow } from './staff-change.entity';
import { keysetPage, notFound } from '@permits/core';

export const STAFF_AUDIT_KEY = Symbol('STAFF_AUDIT_KEY');

/** The services that check duties besides intake: each keeps its copy of the directory from staff.changed.v1. */
const COPIES = [Jobs.StaffChanged.eia, Jobs.StaffChanged.discharge, Jobs.StaffChanged.supervision];

export interface StaffView {
  userId: string;
  name: string;
  dept: string;
  roles: string[];
  active: boolean;
  conflicts: string[];
  revision: number;
  changedAt: string;
  changedBy: string;
}

const view = (s: StoredStaff): StaffView => ({
  userId: s.userId,
  name: s.name,
  dept: s.dept,
  roles: [...s.roles],
  active: s.active,
  conflicts: [...s.conflicts],
  revision: s.revision,
  changedAt: new Date(s.changedAt).toISOString(),
  changedBy: s.changedBy,
});

/**
 * The staff directory (API.md "Who may act"). Intake owns it: it is the bureau's front door, it already owns the
 * bureau-wide administrative data every case service replicates (the working-day calendar), and it checks duties
 * itself (the window's acceptance tasks). A change is stored here, audited in the same transaction (a chain per
 * person under AUDIT_KEY), and sent to every other case-holding service through the outbox.
 */
@Injectable()
export class StaffDirectory {
  private readonly logger = new Logger(StaffDirectory.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(STAFF_AUDIT_KEY) private readonly auditKey: AuditKey,
  ) {}

  async put(fields: StaffFields, by: string, correlationId: string): Promise<StaffView> {
    const now = await this.clock.now();
    const stored = await this.db.transaction(async (tx) => {
      const { revision, before } = await storeOwnedStaff(tx, fields, by, now);
      const after: StoredStaff = { ...fields, revision, changedAt: now, changedBy: by };
      await this.audit(tx, fields.userId, by, now, { before: before ? view(before) : null, after: view(after) });
      const payload = {
        userId: fields.userId,
        correlationId,
        name: fields.name,
        dept: fields.dept,
        roles: fields.roles as ('officer' | 'head')[],
        active: fields.active,
        conflicts: fields.conflicts,
        revision,
        changedAt: now.toISOString(),
        changedBy: by,
      };
      for (const job of COPIES) await addToOutbox(tx, job.queue, job, payload, { correlationId });
      return after;
    });
    this.logger.log({ userId: fields.userId, dept: fields.dept, active: fields.active, revision: stored.revision, by }, 'staff directory entry put');
    return view(stored);
  }

  /** The directory, most recently changed first, paged (API.md: every list). */
  async list(q: { limit?: number; cursor?: string; dept?: string; active?: 'true' | 'false' }): Promise<{ items: StaffView[]; nextCursor: string | null }> {
    const qb = this.db.getRepository(StaffRow).createQueryBuilder('s');
    if (q.dept) qb.andWhere('s.dept = :dept', { dept: q.dept });
    if (q.active) qb.andWhere('s.active = :active', { active: q.active === 'true' });
    const page = await keysetPage(qb, q, 's.changed_at', 's.user_id', (r) => [r.changedAt, r.userId]);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /**
   * A person's directory changes, oldest first, and whether their chain holds: each entry's HMAC over the one
   * before, as many entries as the entry's revision (a deleted tail shows), and the last one matching the entry.
   */
  async changes(
    userId: string,
  ): Promise<{ items: { seq: number; at: string; actor: string; payload: Record<string, unknown>; hash: string }[]; nextCursor: null; verified: boolean }> {
    const rows = await this.db.getRepository(StaffChangeRow).find({ where: { userId }, order: { seq: 'ASC' } });
    const [entry] = (await this.db.query(`SELECT revision FROM staff_directory WHERE user_id = $1`, [userId])) as { revision: number }[];
    if (!entry && rows.length === 0) throw notFound(`staff directory entry ${userId}`);
    let prev: string | null = null;
    let verified = rows.length === (entry?.revision ?? -1);
    for (const [i, r] of rows.entries()) {
      const fields = { caseId: `staff:${userId}`, caseSeq: r.seq, at: r.at.toISOString(), actor: r.actor, action: 'staff_directory_put', payload: r.payload };
      if (r.seq !== i + 1 || r.prevHash !== prev || r.alg === LEGACY_ALG || auditHash(prev, fields, this.auditKey, r.alg) !== r.hash) verified = false;
      prev = r.hash;
    }
    const last = rows[rows.length - 1]?.payload as { after?: { revision?: number } } | undefined;
    if (last?.after?.revision !== entry?.revision) verified = false;
    return { items: rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), actor: r.actor, payload: r.payload, hash: r.hash })), nextCursor: null, verified };
  }

  /** One audit entry of a change, chained to the person's previous one. */
  private async audit(tx: EntityManager, userId: string, actor: string, at: Date, payload: Record<string, unknown>): Promise<void> {
    const prev = (await tx.query(`SELECT seq, hash FROM staff_directory_changes WHERE user_id = $1 ORDER BY seq DESC LIMIT 1`, [userId])) as {
      seq: number;
      hash: string;
    }[];
    const seq = (prev[0]?.seq ?? 0) + 1;
    const prevHash = prev[0]?.hash ?? null;
    const entry = { caseId: `staff:${userId}`, caseSeq: seq, at: at.toISOString(), actor, action: 'staff_directory_put', payload };
    const hash = auditHash(prevHash, entry, this.auditKey, this.auditKey.alg);
    await tx.getRepository(StaffChangeRow).insert(rowValues<StaffChangeRow>({ userId, seq, at, actor, payload, prevHash, hash, alg: this.auditKey.alg }));
  }
}
