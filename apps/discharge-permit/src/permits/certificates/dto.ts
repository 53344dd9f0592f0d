import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { LICENSE_TYPES, MANAGEMENT_CATEGORIES } from '@permits/contracts/enums';
import { PERMIT_NO_PATTERN } from './certificate-facts';

export class CertificatePermitNoParam {
  @ApiProperty({ pattern: PERMIT_NO_PATTERN.source, example: 'PW-2026-000001' })
  @Matches(PERMIT_NO_PATTERN, { message: 'permitNo must look like PW-2026-000001' })
  permitNo: string;
}

export class PublicPermitQuery {
  @ApiPropertyOptional({
    description: "a certificate's SHA-256 (hex, as sha256sum prints it): the answer says whether the bureau issued it and whether it is the current one",
    example: '3f0a6c2d9b1e4f5a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b',
  })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256?: string;
}

export class CertificateCheckDto {
  @ApiProperty({ example: '3f0a6c2d9b1e4f5a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b' }) sha256: string;
  @ApiProperty({ example: true, description: 'the bureau issued a certificate of this permit with this SHA-256' }) issued: boolean;
  @ApiProperty({ example: true, description: 'it is the certificate of what the register says now (false: superseded by a renewal or change)' })
  current: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-10T06:00:00.000Z' }) issuedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Hh3iX0Yt2cL3nQ2vW8o1J3Q2p8m5c4VvZbV3b2nY1xA' }) keyId: string | null;
}

export class PublicPermitDto {
  @ApiProperty({ example: 'PW-2026-000001' }) permitNo: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: '上海示例化工有限公司' }) holderName: string;
  @ApiProperty({ example: '91310000MA1FL0XX2K' }) creditCode: string;
  @ApiProperty({ type: String, enum: [...MANAGEMENT_CATEGORIES, null], nullable: true, example: 'key' }) managementCategory: string | null;
  @ApiProperty({ example: 'valid', description: 'valid, expiring, expired, cancelled, revoked' }) status: string;
  @ApiProperty({ format: 'date', example: '2026-12-10' }) validFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2031-12-09', description: 'the last valid day; null: no validity period' })
  validTo: string | null;
  @ApiProperty({ example: false, description: 'renewed by operation of law (Administrative License Law art. 50)' }) deemedRenewal: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '3f0a6c2d9b1e4f5a8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b',
    description:
      "SHA-256 (hex) of the permit's current certificate: the latest issued for what the register now says; null while none was issued since the last change",
  })
  certificateSha256: string | null;
  @ApiProperty({ example: 'https://permits.example.gov.cn/api/v1/public/permits/PW-2026-000001', description: 'this address, as the QR code holds it' })
  verificationUrl: string;
  @ApiPropertyOptional({ type: CertificateCheckDto, description: 'only with ?sha256=' }) certificate?: CertificateCheckDto;
}

export class CertificateJwkDto {
  @ApiProperty({ example: 'OKP' }) kty: string;
  @ApiProperty({ example: 'Ed25519' }) crv: string;
  @ApiProperty({ example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) x: string;
  @ApiProperty({ example: 'Hh3iX0Yt2cL3nQ2vW8o1J3Q2p8m5c4VvZbV3b2nY1xA' }) kid: string;
  @ApiProperty({ example: 'sig' }) use: string;
  @ApiProperty({ example: 'EdDSA' }) alg: string;
}

export class CertificateKeyDto {
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty({
    example: 'Hh3iX0Yt2cL3nQ2vW8o1J3Q2p8m5c4VvZbV3b2nY1xA',
    description: 'RFC 7638 JWK thumbprint; the certificates carry it in X-Certificate-Key-Id',
  })
  keyId: string;
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n' })
  publicKeyPem: string;
  @ApiProperty({ type: CertificateJwkDto }) jwk: CertificateJwkDto;
}
