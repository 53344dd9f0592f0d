import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTaskIndexFeed, dropTaskIndexFeed } from '../shared/task-index-feed';

/** This schema's task changes on queue task-index, in the transaction of each change, and its open tasks once now (the backfill). */
export class TaskIndexFeed1796900000000 implements MigrationInterface {
  name = 'TaskIndexFeed1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await createTaskIndexFeed(queryRunner, 'eia_review');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await dropTaskIndexFeed(queryRunner, 'eia_review');
  }
}
