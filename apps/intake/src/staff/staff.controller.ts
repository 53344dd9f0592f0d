import { Body, Controller, Get, HttpCode, Param, Put, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { PutStaffDto, STAFF_EXAMPLE, StaffChangePageDto, StaffDto, StaffIdParam, StaffListQuery, StaffPageDto } from './staff.dto';
import { StaffDirectory } from './staff-directory.service';
import { PutStaffEntry } from './commands/put-staff-entry';

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');

/** The staff directory (API.md "Who may act (duties)"): the token says who the caller is; the directory says who may receive work and who stands aside. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1/staff')
export class StaffController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: StaffDirectory,
  ) {}

  @Put(':userId')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Put one entry of the staff directory (admin): department, roles, active, and the enterprises (credit codes) the person stands aside from; audited, and copied to every case service',
  })
  @ApiOkResponse({ type: StaffDto, example: STAFF_EXAMPLE })
  @ApiErrors(400, 401, 403)
  put(@CurrentUser() user: AuthUser, @Param() p: StaffIdParam, @Body() body: PutStaffDto, @Req() req: Request) {
    return this.commands.execute(
      new PutStaffEntry(
        {
          userId: p.userId,
          name: body.name.trim(),
          dept: body.dept,
          roles: [...new Set(body.roles)].sort(),
          active: body.active,
          conflicts: [...new Set(body.conflicts)].sort(),
        },
        user.id,
        cid(req),
      ),
    );
  }

  @Get(':userId/changes')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: "A person's directory changes, oldest first (who changed what, before and after), and whether their audit chain holds (admin, auditor)",
  })
  @ApiOkResponse({
    type: StaffChangePageDto,
    example: {
      items: [{ seq: 1, at: '2026-12-07T08:30:00.000Z', actor: 'admin-1', payload: { before: null, after: STAFF_EXAMPLE }, hash: '9f2c…' }],
      nextCursor: null,
      verified: true,
    },
  })
  @ApiErrors(400, 401, 403, 404)
  changes(@Param() p: StaffIdParam) {
    return this.directory.changes(p.userId);
  }

  @Get()
  @Roles('officer', 'head', 'admin')
  @ApiOperation({ summary: 'The staff directory, most recently changed first (filters dept, active): who may receive delegated or transferred work' })
  @ApiOkResponse({ type: StaffPageDto, example: { items: [STAFF_EXAMPLE], nextCursor: null } })
  @ApiErrors(400, 401, 403)
  list(@Query() q: StaffListQuery) {
    return this.directory.list(q);
  }
}
