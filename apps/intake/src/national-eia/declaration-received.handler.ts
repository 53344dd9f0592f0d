import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeclarationReceivedV1, Jobs } from '@permits/contracts/jobs';
import { JobHandler, JobMeta } from '@permits/queue';
import { FileNationalDeclaration } from './commands/file-national-declaration';

/** Consumes declaration.received.v1: the FileNationalDeclaration command. */
@Injectable()
export class DeclarationReceivedHandler implements JobHandler<DeclarationReceivedV1> {
  readonly job = Jobs.DeclarationReceived;

  constructor(private readonly commands: CommandBus) {}

  handle(p: DeclarationReceivedV1, meta: JobMeta): Promise<void> {
    return this.commands.execute(new FileNationalDeclaration(p, meta));
  }
}
