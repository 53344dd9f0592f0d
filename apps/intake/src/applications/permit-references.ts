import { Inject, Injectable } from '@nestjs/common';
import type { LicenseType, SubItemKind } from '@permits/contracts/enums';
import { ServicePortsConfig } from '@permits/config';
import { CONFIG } from '@permits/http';
import { addDays } from '@permits/workflow/calendar';
import { BundledCalendar } from '@permits/workflow-runtime';
import { DomainError } from '@permits/core';

/** Sub-item kinds that act on a permit the applicant already holds. */
const ON_A_PERMIT: SubItemKind[] = ['change', 'renewal', 'cancellation'];
const IN_THE_REGISTER: LicenseType[] = ['discharge_permit', 'hazardous_waste', 'radiation_safety', 'weee_processing', 'facility_dismantle'];

interface PermitView {
  permitNo: string;
  licenseType: LicenseType;
  managementCategory: string | null;
  status: string;
  validTo: string;
  creditCode?: string;
}

/**
 * Checks, at submission, that a change, renewal or cancellation names a permit the applicant holds, of
 * the same licence, still in force, and that a renewal comes early enough (DOMAIN.md: discharge permits
 * 60 days before expiry, hazardous-waste licences 30 working days, radiation licences 30 days). Asks the
 * discharge-permit service's published API with the caller's own token: no other service's tables.
 */
@Injectable()
export class PermitReferences {
  constructor(
    @Inject(CONFIG) private readonly config: ServicePortsConfig,
    private readonly calendar: BundledCalendar,
  ) {}

  async problems(
    sub: { licenseType: LicenseType; kind: SubItemKind; statutoryLimit: { days: number } },
    project: { permitNo?: string; changes?: object; registrationAction?: string },
    authorization: string | undefined,
    today: string,
    /** The enterprise filing (at the counter the caller is staff, who see every permit): the permit must be its own. */
    holder?: string,
  ): Promise<string[]> {
    const registration = sub.kind === 'filing' && sub.statutoryLimit.days === 0 && sub.licenseType === 'discharge_permit';
    if (!registration && project.registrationAction !== undefined) return ['project.registrationAction is only for a discharge registration filing'];
    if (registration) return this.registrationProblems(project, authorization, holder);
    if (!ON_A_PERMIT.includes(sub.kind) || !IN_THE_REGISTER.includes(sub.licenseType)) return [];
    if (!project.permitNo) return [`project.permitNo is required for a ${sub.kind}`];
    if (sub.kind === 'change' && (!project.changes || Object.keys(project.changes).length === 0)) return ['project.changes must say what changed'];
    const permit = await this.fetch(project.permitNo, authorization, holder);
    if (!permit || permit.licenseType !== sub.licenseType)
      return [`project.permitNo: ${project.permitNo} is not a ${sub.licenseType} permit of this applicant`];
    if (permit.managementCategory === 'registration')
      return [`project.permitNo: ${project.permitNo} is a discharge registration, changed or cancelled by a registration filing, not a permit ${sub.kind}`];
    if (permit.status === 'cancelled' || permit.status === 'revoked') return [`project.permitNo: ${project.permitNo} is ${permit.status}`];
    if (sub.kind === 'renewal') {
      const latest = this.latestRenewalDay(sub.licenseType, permit.validTo);
      if (latest && today > latest)
        return [`project.permitNo: a renewal must be filed by ${latest} (the permit expires ${permit.validTo}); apply for a new permit instead`];
    }
    return [];
  }

  /** A discharge registration filing: a first one names no number; a change or cancellation names the applicant's registration. */
  private async registrationProblems(
    project: { permitNo?: string; changes?: object; registrationAction?: string },
    authorization: string | undefined,
    holder: string | undefined,
  ): Promise<string[]> {
    const action = project.registrationAction ?? 'first';
    if (action === 'first')
      return project.permitNo
        ? ['project.permitNo: a first registration names no number; set project.registrationAction to change or cancel a registration']
        : [];
    if (!project.permitNo) return [`project.permitNo is required for a registration ${action}`];
    if (action === 'change' && (!project.changes || Object.keys(project.changes).length === 0)) return ['project.changes must say what changed'];
    const permit = await this.fetch(project.permitNo, authorization, holder);
    if (!permit || permit.licenseType !== 'discharge_permit' || permit.managementCategory !== 'registration')
      return [`project.permitNo: ${project.permitNo} is not a discharge registration of this applicant`];
    if (permit.status === 'cancelled' || permit.status === 'revoked') return [`project.permitNo: ${project.permitNo} is ${permit.status}`];
    // 延续登记 before it ends (DOMAIN.md "Registrations and electronic licences"); a registration that ended is registered anew
    if (action === 'renewal' && permit.status === 'expired')
      return [`project.permitNo: ${project.permitNo} ended on ${permit.validTo}: register anew (registrationAction first) instead of renewing`];
    return [];
  }

  /** The last day a renewal may be filed, or null where the law sets no lead time. */
  latestRenewalDay(licenseType: LicenseType, validTo: string): string | null {
    switch (licenseType) {
      case 'discharge_permit':
        return addDays(validTo, -60);
      case 'radiation_safety':
        return addDays(validTo, -30);
      case 'hazardous_waste':
        return this.workingDaysBefore(validTo, 30);
      default:
        return null;
    }
  }

  private workingDaysBefore(date: string, n: number): string {
    const cal = this.calendar.get();
    // the latest day d with at least n working days after d up to the expiry date
    let d = addDays(date, -n);
    while (cal.countWorkingDays(d, date) < n) d = addDays(d, -1);
    return d;
  }

  private async fetch(permitNo: string, authorization: string | undefined, holder: string | undefined): Promise<PermitView | null> {
    let res: Response;
    try {
      res = await fetch(`${this.config.serviceUrl('discharge-permit')}/api/v1/permits/${encodeURIComponent(permitNo)}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'the permit register does not answer; try again');
    }
    if (res.status === 404 || res.status === 400) return null;
    if (!res.ok) throw new DomainError('SERVICE_UNAVAILABLE', 'the permit register does not answer; try again');
    const permit = (await res.json()) as PermitView;
    return holder && permit.creditCode !== holder ? null : permit;
  }
}
