import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@permits/auth';
import { DomainError } from '@permits/core';
import { AuditStore } from '../../audit-store';
import { CaseworkQueries } from '../../casework.queries';
import type { AuditVerificationRow } from '../../entities';

export function verificationView(r: AuditVerificationRow) {
  return {
    id: r.id,
    status: r.status,
    checked: r.checked,
    total: r.total,
    result: r.result,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The read side of the audit trail: a case's entries, and the verifications of this service's store. */
@Injectable()
export class AuditQueries {
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly store: AuditStore,
  ) {}

  /** A case's audit entries in order, for a caller who may see the case (else 404). */
  async caseEntries(caseId: string, user: AuthUser) {
    await this.queries.visibleCase(caseId, user);
    return this.queries.audit(caseId);
  }

  verifyBounded() {
    return this.store.verifyBounded();
  }

  async verification(id: string) {
    const row = await this.store.verification(id);
    if (!row) throw new DomainError('NOT_FOUND', 'verification not found');
    return verificationView(row);
  }
}
