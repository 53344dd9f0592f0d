import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { StaffFields } from '@permits/workflow-runtime';
import { StaffDirectory, StaffView } from '../staff-directory.service';

/** An administrator puts one entry of the staff directory. */
export class PutStaffEntry extends Command<StaffView> {
  constructor(
    readonly fields: StaffFields,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** Writes the entry with its audit record and copies it to every case service (StaffDirectory.put). */
@CommandHandler(PutStaffEntry)
export class PutStaffEntryHandler implements ICommandHandler<PutStaffEntry> {
  constructor(private readonly directory: StaffDirectory) {}

  execute({ fields, by, correlationId }: PutStaffEntry): Promise<StaffView> {
    return this.directory.put(fields, by, correlationId);
  }
}
