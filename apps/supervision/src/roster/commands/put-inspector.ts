import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { InspectorRow } from '../../entities';

type InspectorView = { userId: string; name: string; active: boolean; conflicts: string[] };

export class PutInspector extends Command<InspectorView> {
  constructor(
    readonly userId: string,
    readonly body: { name: string; active: boolean; conflicts: string[] },
  ) {
    super();
  }
}

/** An inspector on the roster (admin): name, active, conflicts of interest (deduplicated, sorted). */
@CommandHandler(PutInspector)
export class PutInspectorHandler implements ICommandHandler<PutInspector> {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, body }: PutInspector): Promise<InspectorView> {
    const now = await this.clock.now();
    const row = { userId, name: body.name, active: body.active, conflicts: [...new Set(body.conflicts)].sort(), updatedAt: now };
    await this.db.getRepository(InspectorRow).upsert(row, ['userId']);
    return { userId, name: row.name, active: row.active, conflicts: row.conflicts };
  }
}
