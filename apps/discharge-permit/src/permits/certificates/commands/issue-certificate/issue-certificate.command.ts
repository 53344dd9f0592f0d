import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '@permits/auth';

/** What a download answers: the PDF and the headers that let anyone check it. */
export interface IssuedCertificate {
  pdf: Buffer;
  fileName: string;
  digest: string;
  sha256: string;
  signature: string;
  keyId: string;
}

/** The holder or staff downloads a permit's electronic certificate (电子证照); the first copy of each version is recorded. */
export class IssueCertificate extends Command<IssuedCertificate> {
  constructor(
    readonly permitNo: string,
    readonly user: AuthUser,
  ) {
    super();
  }
}
