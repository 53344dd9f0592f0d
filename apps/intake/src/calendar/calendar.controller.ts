import { Controller, Get, HttpCode, Param, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { CALENDAR_PAGE_EXAMPLE, CALENDAR_YEAR_EXAMPLE, CalendarYearDto, CalendarYearPageDto } from '../responses';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { Clock } from '@permits/clock';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, parseYearScheduleIcs, parseYearScheduleJson, YearSchedule } from '@permits/workflow/calendar';
import { ListQuery } from '@permits/workflow-runtime';
import { CalendarAdmin } from './calendar-admin.service';
import { LoadCalendarYear } from './commands/load-calendar-year';
import { DomainError } from '@permits/core';

const BODY_LIMIT = 1024 * 1024;
const JSON_FIELDS = ['year', 'holidays', 'workdays', 'source'];
const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');

class YearParam {
  @ApiProperty({ type: 'integer', minimum: FIRST_SUPPORTED_YEAR, maximum: LAST_SUPPORTED_YEAR, example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(FIRST_SUPPORTED_YEAR)
  @Max(LAST_SUPPORTED_YEAR)
  year: number;
}

class LoadYearQuery {
  @ApiPropertyOptional({ description: 'where an ICS upload comes from (JSON bodies say it in `source`)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  source?: string;
}

/**
 * The working-day calendar: which years its schedules cover, and an administrator's upload of a year (the
 * State Council publishes each year's around November and sometimes corrects it mid-year, DOMAIN.md).
 * A loaded year replaces the bundled data of that year in every service; deadlines over a year with no
 * schedule are flagged (`calendarComplete: false` in a case's `sla`).
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(
    private readonly commands: CommandBus,
    private readonly admin: CalendarAdmin,
    private readonly clock: Clock,
  ) {}

  @Get('years')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: 'Years the working-day calendar covers, newest first, with where each schedule came from' })
  @ApiOkResponse({ type: CalendarYearPageDto, example: CALENDAR_PAGE_EXAMPLE })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: ListQuery) {
    const limit = q.limit ?? 50;
    const after = q.cursor === undefined ? undefined : Number(q.cursor);
    if (after !== undefined && !Number.isInteger(after)) throw new DomainError('VALIDATION_FAILED', ['cursor must be the nextCursor of the page before']);
    const { items, range } = await this.admin.years();
    const rest = after === undefined ? items : items.filter((i) => i.year < after);
    const page = rest.slice(0, limit);
    return { items: page, nextCursor: rest.length > limit ? String(page[page.length - 1].year) : null, range };
  }

  @Get('years/:year')
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({ summary: "A covered year's schedule: days off (holidays) and adjusted working weekends (workdays); 404 when not covered" })
  @ApiOkResponse({ type: CalendarYearDto, example: CALENDAR_YEAR_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  year(@Param() p: YearParam) {
    return this.admin.year(p.year);
  }

  @Put('years/:year')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Load a year's schedule (JSON or an ICS feed); it replaces the year's data in every service and moves open deadlines" })
  @ApiConsumes('application/json', 'text/calendar')
  @ApiOkResponse({ type: CalendarYearDto, example: CALENDAR_YEAR_EXAMPLE })
  @ApiErrors(400, 401, 403, 413, 415)
  @ApiBody({
    description:
      'JSON `{ "holidays": ["YYYY-MM-DD"], "workdays": ["YYYY-MM-DD"], "source": "..." }` (days of that year), or a text/calendar feed (events summarised 休/班, Holiday/Workday)',
    schema: {
      type: 'object',
      properties: {
        holidays: { type: 'array', items: { type: 'string', format: 'date' } },
        workdays: { type: 'array', items: { type: 'string', format: 'date' } },
        source: { type: 'string' },
      },
      required: ['holidays', 'workdays'],
    },
  })
  async load(@CurrentUser() user: AuthUser, @Param() p: YearParam, @Query() q: LoadYearQuery, @Req() req: Request) {
    const now = await this.clock.now();
    const schedule = await this.scheduleFrom(req, p.year, q.source, user.id, now);
    return this.commands.execute(new LoadCalendarYear(schedule, user.id, cid(req)));
  }

  private async scheduleFrom(req: Request, year: number, querySource: string | undefined, by: string, now: Date): Promise<YearSchedule> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return this.fromJson(req.body, year, querySource ?? CalendarAdmin.defaultSource(by, now, 'json'));
    if (type === 'text/calendar') {
      const text = await readText(req);
      try {
        return parseYearScheduleIcs(text, year, querySource ?? CalendarAdmin.defaultSource(by, now, 'ics'));
      } catch (err) {
        throw new DomainError('VALIDATION_FAILED', [(err as Error).message]);
      }
    }
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send the schedule as application/json or text/calendar');
  }

  private fromJson(body: unknown, year: number, defaultSource: string): YearSchedule {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new DomainError('VALIDATION_FAILED', ['body must be an object { holidays, workdays, source? }']);
    const obj = body as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !JSON_FIELDS.includes(k));
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        unknown.map((k) => `property ${k} should not exist`),
      );
    if (obj.year !== undefined && obj.year !== year)
      throw new DomainError('VALIDATION_FAILED', [`year: the body says ${JSON.stringify(obj.year)}, the path ${year}`]);
    try {
      return parseYearScheduleJson({ ...obj, year }, defaultSource);
    } catch (err) {
      throw new DomainError('VALIDATION_FAILED', [(err as Error).message]);
    }
  }
}

/** The request body as text, at most 1 MiB (JSON bodies are parsed before; others arrive as a stream). */
async function readText(req: Request): Promise<string> {
  if (typeof req.body === 'string') return req.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.raw as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > BODY_LIMIT) throw new DomainError('PAYLOAD_TOO_LARGE', 'body larger than 1 MiB');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
