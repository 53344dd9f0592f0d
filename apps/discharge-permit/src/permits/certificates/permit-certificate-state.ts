import { EntityManager, In } from 'typeorm';
import { AuthUser, isStaff } from '@permits/auth';
import { PermitEventRow, PermitRow } from '../permit.entity';
import { CertificateFacts, certificateFacts } from './certificate-facts';
import { CertificateSettings } from './certificate-settings';

/** Register events that change what a certificate says (holder, validity); expiry reminders and status changes do not. */
const CERTIFICATE_EVENTS = ['issued', 'renewed', 'deemed_renewed', 'changed'] as const;

/** Who may download a permit's certificate: its holder (the applicant whose credit code holds it) and staff. */
export function mayDownload(user: AuthUser, permit: Pick<PermitRow, 'creditCode'>): boolean {
  if (isStaff(user) || user.roles.includes('auditor')) return true;
  return user.roles.includes('applicant') && !!user.creditCode && user.creditCode === permit.creditCode;
}

/** The certificate facts of a permit as the register holds it now (read in `em`, a transaction or the pool). */
export async function currentCertificateFacts(em: EntityManager, permit: PermitRow, settings: CertificateSettings): Promise<CertificateFacts> {
  const last = await em.getRepository(PermitEventRow).findOne({
    where: { permitNo: permit.permitNo, action: In([...CERTIFICATE_EVENTS]) },
    order: { id: 'DESC' },
  });
  return certificateFacts(permit, last?.at ?? permit.issuedAt, { issuer: settings.issuer, publicBaseUrl: settings.publicBaseUrl });
}
