import { Injectable } from '@nestjs/common';
import { DeclarationReceivedV1, Jobs } from '@permits/contracts/jobs';
import { CommandJob, JobMeta } from '@permits/queue';
import { FileNationalDeclaration } from './commands/file-national-declaration';

/** Consumes declaration.received.v1: the FileNationalDeclaration command. */
@Injectable()
export class DeclarationReceivedHandler extends CommandJob<DeclarationReceivedV1> {
  readonly job = Jobs.DeclarationReceived;

  protected command(p: DeclarationReceivedV1, meta: JobMeta) {
    return new FileNationalDeclaration(p, meta);
  }
}
