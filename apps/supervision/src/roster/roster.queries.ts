import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InspectorRow } from '../entities';
import { keysetPage } from '@permits/core';

/** The inspector roster, read. */
@Injectable()
export class RosterQueries {
  constructor(private readonly db: DataSource) {}

  async list(q: { limit?: number; cursor?: string }) {
    const p = await keysetPage(this.db.getRepository(InspectorRow).createQueryBuilder('i'), q, 'i.updated_at', 'i.user_id', (l) => [l.updatedAt, l.userId]);
    return { items: p.items.map((i) => ({ userId: i.userId, name: i.name, active: i.active, conflicts: i.conflicts })), nextCursor: p.nextCursor };
  }
}
