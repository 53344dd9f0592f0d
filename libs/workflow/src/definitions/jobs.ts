// Job names of the default definitions' system steps. These are wire names: the services that run
// them (and libs/contracts, where queue jobs are declared) must use exactly these strings.
export const SYSTEM_JOBS = {
  /** Intake waits for the applicant's supplement after a correction request, then replies. */
  awaitSupplement: 'intake.await-supplement',
  issueEiaCertificate: 'eia.issue-certificate',
  /** Registration management: the registration number is issued at once, no permit. */
  issueDischargeRegistration: 'permits.issue-registration',
  issueDischargePermit: 'permits.issue-permit',
  issueCertificate: 'permits.issue-certificate',
} as const;
export type SystemJob = (typeof SYSTEM_JOBS)[keyof typeof SYSTEM_JOBS];
