import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Job } from 'bullmq';
import { Roles } from '@permits/auth';
import { QUEUE_NAMES, QueueName } from '@permits/contracts/jobs';
import { ApiErrors } from '@permits/http';
import { BAD_SIGNATURE, SIGNATURE_FIELD } from '@permits/queue';
import { ListQuery } from '@permits/workflow-runtime/dto';
import { QueueDepth } from './queue-depth';
import { decodeOffsetCursor, DomainError, encodeOffsetCursor } from '@permits/core';

export class DeadLetterQuery extends ListQuery {
  @ApiPropertyOptional({ enum: QUEUE_NAMES, description: 'only this queue' })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: QueueName;
}

export class DeadLetterParams {
  @ApiProperty({ enum: QUEUE_NAMES, example: 'notification-delivery' }) @Matches(/^[a-z][a-z0-9-]{0,63}$/) queue: string;
  @ApiProperty({ pattern: '^[A-Za-z0-9:_.-]{1,200}$', example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) @Matches(/^[A-Za-z0-9:_.-]{1,200}$/) jobId: string;
}

export class DeadLetterDto {
  @ApiProperty({ example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) id: string;
  @ApiProperty({ enum: QUEUE_NAMES, example: 'notification-delivery' }) queue: string;
  @ApiProperty({ example: 'notification.deliver.v1' }) job: string;
  @ApiProperty({ example: 'SMS gateway answered 503' }) failedReason: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: `the failure's stable code, when it has one: ${BAD_SIGNATURE} for a job no process of this deployment signed (added straight into Redis, or altered, moved or copied there), refused before it changed anything`,
  })
  code: string | null;
  @ApiProperty({ example: 8 }) attemptsMade: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-29T10:00:00.000Z' }) failedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { deliveryId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', correlationId: 'c0ffee' } })
  data: Record<string, unknown>;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) items: DeadLetterDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class RetriedDto {
  @ApiProperty({ example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) id: string;
  @ApiProperty({ enum: QUEUE_NAMES, example: 'notification-delivery' }) queue: string;
  @ApiProperty({ example: 'waiting', description: 'the job state after the retry' }) state: string;
}

const DEAD_LETTER_EXAMPLE = {
  id: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
  queue: 'notification-delivery',
  job: 'notification.deliver.v1',
  failedReason: 'SMS gateway answered 503',
  code: null,
  attemptsMade: 8,
  failedAt: '2026-11-29T10:00:00.000Z',
  data: { deliveryId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e', correlationId: 'c0ffee' },
};

/** A failure reason that starts with one of these codes and a colon carries that code. */
const CODED_FAILURES = new RegExp(`^(${[BAD_SIGNATURE].join('|')}): `);

/** A job's payload as listed: its data without the signature field. */
function payloadOf(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const { [SIGNATURE_FIELD]: _sig, ...payload } = data as Record<string, unknown>;
  return payload;
}

/**
 * Dead letters of every queue (API.md "Labels, workflows, operations"): jobs that spent their attempts or
 * could never succeed stay in their queue's failed set until an admin runs one again. A consumer records
 * each message in its inbox in the same transaction as its effect, so a retried job never acts twice.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/ops/dead-letters')
export class OpsDeadLettersController {
  constructor(private readonly queues: QueueDepth) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Failed jobs of every queue (dead letters), most recently failed first' })
  @ApiOkResponse({ type: DeadLetterPageDto, example: { items: [DEAD_LETTER_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: DeadLetterQuery): Promise<DeadLetterPageDto> {
    const limit = q.limit ?? 50;
    const offset = decodeOffsetCursor(q.cursor);
    const names = q.queue ? [q.queue] : QUEUE_NAMES;
    const perQueue = await Promise.all(
      names.map(async (name) => (await this.queues.client.queue(name).getFailed(0, offset + limit)).filter((j): j is Job => !!j).map((job) => ({ name, job }))),
    );
    const all = perQueue
      .flat()
      .sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0) || `${b.name}/${b.job.id}`.localeCompare(`${a.name}/${a.job.id}`));
    const page = all.slice(offset, offset + limit);
    return {
      items: page.map(({ name, job }) => ({
        id: String(job.id),
        queue: name,
        job: job.name,
        failedReason: job.failedReason,
        code: CODED_FAILURES.exec(job.failedReason ?? '')?.[1] ?? null,
        attemptsMade: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        data: payloadOf(job.data),
      })),
      nextCursor: all.length > offset + limit ? encodeOffsetCursor(offset + limit) : null,
    };
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Runs a failed job again (404: unknown queue or job; 409: the job has not failed)' })
  @ApiOkResponse({ type: RetriedDto, example: { id: DEAD_LETTER_EXAMPLE.id, queue: 'notification-delivery', state: 'waiting' } })
  @ApiErrors(400, 401, 403, 404, 409)
  async retry(@Param() p: DeadLetterParams): Promise<RetriedDto> {
    if (!(QUEUE_NAMES as readonly string[]).includes(p.queue)) throw new DomainError('NOT_FOUND', `queue ${p.queue} not found`);
    const queue = this.queues.client.queue(p.queue as QueueName);
    const job = await queue.getJob(p.jobId);
    if (!job) throw new DomainError('NOT_FOUND', `job ${p.jobId} not found in ${p.queue}`);
    const state = await job.getState();
    if (state !== 'failed') throw new DomainError('INVALID_TRANSITION', `job ${p.jobId} is ${state}, not failed`);
    try {
      await job.retry('failed');
    } catch (err) {
      // another admin retried it a moment ago: it is no longer in the failed set
      throw new DomainError('INVALID_TRANSITION', `job ${p.jobId} could not be retried: ${(err as Error).message}`);
    }
    return { id: String(job.id), queue: p.queue, state: await job.getState() };
  }
}
