import type { CertificateSettings as Config } from '@permits/config';

/** What the certificates feature reads of its process's configuration (WithCertificates). */
export class CertificateSettings {
  constructor(
    readonly issuer: string,
    readonly publicBaseUrl: string,
  ) {}

  static of(config: Config): CertificateSettings {
    return new CertificateSettings(config.CERTIFICATE_ISSUER, config.publicBaseUrl());
  }
}
