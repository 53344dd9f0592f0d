import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { AuditRecords } from '@permits/workflow-runtime';
import { PermitRow } from '../../../permit.entity';
import { factsFingerprint } from '../../certificate-facts';
import { CertificateRenderer } from '../../certificate-renderer';
import { CertificateSettings } from '../../certificate-settings';
import { CertificateSigner } from '../../certificate-signer';
import { currentCertificateFacts, mayDownload } from '../../permit-certificate-state';
import { IssueCertificate, IssuedCertificate } from './issue-certificate.command';
import { DomainError, notFound } from '@permits/core';

/**
 * Renders the certificate of the permit as the register holds it, signs it, and records it in the ledger the first
 * time this exact PDF is served (with the permit's audit entry, in one transaction): the public address then shows
 * its SHA-256. A revoked or cancelled permit has no certificate to serve (409); an expired one does, and the public
 * address says it expired.
 */
@CommandHandler(IssueCertificate)
export class IssueCertificateHandler implements ICommandHandler<IssueCertificate> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly renderer: CertificateRenderer,
    private readonly signer: CertificateSigner,
    private readonly settings: CertificateSettings,
    private readonly records: AuditRecords,
  ) {}

  async execute({ permitNo, user }: IssueCertificate): Promise<IssuedCertificate> {
    const permit = await this.db.getRepository(PermitRow).findOne({ where: { permitNo } });
    // another holder's permit is as absent as a missing one (API.md: 404)
    if (!permit || !mayDownload(user, permit)) throw notFound('permit');
    if (permit.status === 'revoked' || permit.status === 'cancelled')
      throw new DomainError('INVALID_TRANSITION', `permit ${permitNo} is ${permit.status}: it has no certificate to serve`);
    const facts = await currentCertificateFacts(this.db.manager, permit, this.settings);
    const pdf = await this.renderer.render(facts);
    const headers = this.signer.headersFor(pdf);
    const now = await this.clock.now();
    await this.db.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO certificates (permit_no, sha256, fingerprint, valid_from, valid_to, key_id, issued_to, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (permit_no, sha256) DO NOTHING RETURNING sha256`,
        [permit.permitNo, headers.sha256, factsFingerprint(facts), permit.validFrom, permit.validTo, headers.keyId, user.id, now],
      );
      if (inserted.length > 0)
        await this.records.write(tx, 'permit', permit.permitNo, 'certificate_issued', user.id, { sha256: headers.sha256, keyId: headers.keyId }, now);
    });
    return { pdf, fileName: `${permit.permitNo}.pdf`, ...headers };
  }
}
