import type { ServiceName } from '@permits/config';
import type { LicenseType } from '@permits/contracts/enums';
import { CaseHandoverV1, JobDef, Jobs, QueueName, Queues } from '@permits/contracts/jobs';

/**
 * Which service reviews an accepted case. EIA approvals go to EIA review (the national system, the
 * classification directory, public notices). Every other licence goes to the discharge-permit service:
 * they share one permit register, one certificate numbering and one expiry machinery (see README).
 */
export function ownerOf(licenseType: LicenseType): { service: ServiceName; queue: QueueName; job: JobDef<CaseHandoverV1> } {
  return licenseType === 'eia_approval'
    ? { service: 'eia-review', queue: Queues.EiaReview, job: Jobs.CaseHandover.eia }
    : { service: 'discharge-permit', queue: Queues.DischargePermit, job: Jobs.CaseHandover.discharge };
}
