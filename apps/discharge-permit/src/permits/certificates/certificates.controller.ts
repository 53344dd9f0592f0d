import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { AuthUser, CurrentUser, Public } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { IssueCertificate } from './commands/issue-certificate/issue-certificate.command';
import { CertificateKeyDto, CertificatePermitNoParam, PublicPermitDto, PublicPermitQuery } from './dto';
import { PublicPermitQueries } from './queries/public-permit.queries';

const CERTIFICATE_HEADERS = {
  Digest: {
    description: 'sha-256=<base64 of the SHA-256 of the PDF> (RFC 3230)',
    schema: { type: 'string', example: 'sha-256=PwpsLZseT1qMfW5fSjssHQ6fint2xU1OPyobDJ2Odls=' },
  },
  'X-Certificate-Signature': {
    description: "base64 of the bureau's Ed25519 signature (RFC 8032) over the PDF's bytes; verify with GET /api/v1/public/certificate-key",
    schema: { type: 'string' },
  },
  'X-Certificate-Key-Id': { description: 'the signing key (its keyId at GET /api/v1/public/certificate-key)', schema: { type: 'string' } },
};

const CERTIFICATE_KEY_EXAMPLE = {
  algorithm: 'Ed25519',
  keyId: 'Hh3iX0Yt2cL3nQ2vW8o1J3Q2p8m5c4VvZbV3b2nY1xA',
  publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n',
  jwk: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
    kid: 'Hh3iX0Yt2cL3nQ2vW8o1J3Q2p8m5c4VvZbV3b2nY1xA',
    use: 'sig',
    alg: 'EdDSA',
  },
};

/** The electronic certificate of a permit (电子证照), for its holder and staff. */
@ApiTags('permits')
@ApiBearerAuth()
@Controller('api/v1/permits')
export class CertificatesController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':permitNo/certificate')
  @ApiOperation({
    summary:
      "The permit's electronic certificate (电子证照) as PDF: holder, licence, scope, validity, number and a QR code of its public verification address; " +
      'its SHA-256 in Digest and the bureau’s Ed25519 signature over its bytes in X-Certificate-Signature (the holder, or staff). ' +
      'The same register state gives the same bytes. A registration (登记) gets its receipt the same way.',
  })
  @ApiResponse({
    status: 200,
    description: 'the certificate',
    headers: CERTIFICATE_HEADERS,
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' }, example: '%PDF-1.3 …' } },
  })
  @ApiErrors(400, 401, 404, 409)
  async download(@CurrentUser() user: AuthUser, @Param() p: CertificatePermitNoParam, @Res() res: Response): Promise<void> {
    const c = await this.commands.execute(new IssueCertificate(p.permitNo, user));
    void res
      .status(200)
      .type('application/pdf')
      .headers({
        'Content-Disposition': `attachment; filename="${c.fileName}"`,
        'Cache-Control': 'private, no-store',
        Digest: c.digest,
        'X-Certificate-Signature': c.signature,
        'X-Certificate-Key-Id': c.keyId,
      })
      .send(c.pdf);
  }
}

/** Anyone, without a token: check a certificate and a permit's standing. */
@ApiTags('public information')
@Controller('api/v1/public')
export class PublicPermitsController {
  constructor(private readonly queries: PublicPermitQueries) {}

  @Get('permits/:permitNo')
  @Public()
  @ApiOperation({
    summary:
      "A permit's public facts and status (valid, expiring, expired, cancelled, revoked) and the SHA-256 of its current certificate, with no token: " +
      "the address a certificate's QR code holds. ?sha256= tells whether a certificate with that digest was issued and is current",
    security: [],
  })
  @ApiQuery({ name: 'sha256', required: false, type: String })
  @ApiOkResponse({
    type: PublicPermitDto,
    example: {
      permitNo: 'PW-2026-000001',
      licenseType: 'discharge_permit',
      holderName: '上海示例化工有限公司',
      creditCode: '91310000MA1FL0XX2K',
      managementCategory: 'key',
      status: 'valid',
      validFrom: '2026-12-10',
      validTo: '2031-12-09',
      deemedRenewal: false,
      certificateSha256: '3f0a6c2d9b1e4f5a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b',
      verificationUrl: 'https://permits.example.gov.cn/api/v1/public/permits/PW-2026-000001',
    },
  })
  @ApiErrors(400, 404)
  permit(@Param() p: CertificatePermitNoParam, @Query() q: PublicPermitQuery): Promise<PublicPermitDto> {
    return this.queries.permit(p.permitNo, q.sha256);
  }

  @Get('certificate-key')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: "The bureau's public key that verifies the certificates' X-Certificate-Signature (Ed25519; PEM and JWK); no token", security: [] })
  @ApiOkResponse({ type: CertificateKeyDto, example: CERTIFICATE_KEY_EXAMPLE })
  @ApiErrors(429)
  key(): CertificateKeyDto {
    return this.queries.publishedKey();
  }
}
