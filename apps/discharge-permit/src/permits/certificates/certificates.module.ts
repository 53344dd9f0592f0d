import { DynamicModule, Module } from '@nestjs/common';
import type { CertificateSettings as Config } from '@permits/config';
import { IssueCertificateHandler } from './commands/issue-certificate/issue-certificate.handler';
import { CertificateRenderer, loadCertificateFont } from './certificate-renderer';
import { CertificateSettings } from './certificate-settings';
import { CertificateSigner } from './certificate-signer';
import { CertificatesController, PublicPermitsController } from './certificates.controller';
import { PublicPermitQueries } from './queries/public-permit.queries';

/**
 * Electronic certificates (电子证照): the download (a command: it records each certificate issued), the public
 * verification address and the published key. The signing key and the font are read when the module starts: a
 * missing font or a malformed key stops the process there.
 */
@Module({})
export class CertificatesModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: CertificatesModule,
      controllers: [CertificatesController, PublicPermitsController],
      providers: [
        { provide: CertificateSettings, useFactory: () => CertificateSettings.of(config) },
        { provide: CertificateSigner, useFactory: () => new CertificateSigner(config.CERTIFICATE_SIGNING_KEY) },
        {
          provide: CertificateRenderer,
          useFactory: () => new CertificateRenderer(loadCertificateFont(config.CERTIFICATE_FONT_PATH, config.CERTIFICATE_FONT_NAME)),
        },
        IssueCertificateHandler,
        PublicPermitQueries,
      ],
    };
  }
}
