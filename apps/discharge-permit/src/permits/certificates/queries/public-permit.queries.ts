import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitRow } from '../../permit.entity';
import { factsFingerprint } from '../certificate-facts';
import { CertificateSettings } from '../certificate-settings';
import { CertificateSigner, PublishedKey } from '../certificate-signer';
import { CertificateRow } from '../certificate.entity';
import { currentCertificateFacts } from '../permit-certificate-state';
import { notFound } from '@permits/core';

/** What anyone may know of a permit (API.md "Permits": the public verification address). */
export interface PublicPermit {
  permitNo: string;
  licenseType: string;
  holderName: string;
  creditCode: string;
  managementCategory: string | null;
  status: string;
  validFrom: string;
  validTo: string | null;
  deemedRenewal: boolean;
  certificateSha256: string | null;
  verificationUrl: string;
  certificate?: { sha256: string; issued: boolean; current: boolean; issuedAt: string | null; keyId: string | null };
}

/** Reads for the public verification address and the published key: no token, nothing but public facts. */
@Injectable()
export class PublicPermitQueries {
  constructor(
    private readonly db: DataSource,
    private readonly settings: CertificateSettings,
    private readonly signer: CertificateSigner,
  ) {}

  /**
   * The permit's public facts and status, and the SHA-256 of its current certificate (the latest issued for what
   * the register now says; null while none was issued since the last change). With `sha256`: whether the bureau
   * ever issued a certificate of this permit with that digest, and whether it is the current one.
   */
  async permit(permitNo: string, sha256?: string): Promise<PublicPermit> {
    const permit = await this.db.getRepository(PermitRow).findOne({ where: { permitNo } });
    if (!permit) throw notFound('permit');
    const facts = await currentCertificateFacts(this.db.manager, permit, this.settings);
    const ledger = this.db.getRepository(CertificateRow);
    const current = await ledger.findOne({ where: { permitNo, fingerprint: factsFingerprint(facts) }, order: { issuedAt: 'DESC', sha256: 'ASC' } });
    const out: PublicPermit = {
      permitNo: permit.permitNo,
      licenseType: permit.licenseType,
      holderName: permit.holderName,
      creditCode: permit.creditCode,
      managementCategory: permit.managementCategory,
      status: permit.status,
      validFrom: permit.validFrom,
      validTo: permit.validTo,
      deemedRenewal: permit.deemedRenewal,
      certificateSha256: current?.sha256 ?? null,
      verificationUrl: facts.verificationUrl,
    };
    if (sha256 !== undefined) {
      const held = await ledger.findOne({ where: { permitNo, sha256: sha256.toLowerCase() } });
      out.certificate = {
        sha256: sha256.toLowerCase(),
        issued: !!held,
        current: !!held && held.sha256 === current?.sha256,
        issuedAt: held ? held.issuedAt.toISOString() : null,
        keyId: held ? held.keyId : null,
      };
    }
    return out;
  }

  publishedKey(): PublishedKey {
    return this.signer.published;
  }
}
