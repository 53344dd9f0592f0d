import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { isValidCreditCode } from '@permits/contracts/credit-code';
import { DEPARTMENTS } from '@permits/contracts/enums';
import { ApiErrors } from '@permits/http';
import { CONTACT_EXAMPLE, ContactViewDto } from '../responses';
import { PutContact } from './commands/put-contact';
import { RemoveContact } from './commands/remove-contact';
import { ContactQueries } from './contact.queries';
import { CONTACT_TYPES, ContactType } from './contact.entity';
import { DomainError } from '@permits/core';

export class ContactParams {
  @ApiProperty({ enum: CONTACT_TYPES }) @IsIn(CONTACT_TYPES, { message: `type must be one of ${CONTACT_TYPES.join(', ')}` }) type: ContactType;
  @ApiProperty({ description: 'user id, unified social credit code, or department code' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'id must be visible ASCII characters' })
  id: string;
}

export class ContactDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ehs@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+8613800138000' })
  @IsOptional()
  @Matches(/^\+?[0-9]{6,15}$/, { message: 'phone must be 6-15 digits, optionally with a leading +' })
  phone?: string | null;
}

function checkId(p: ContactParams): void {
  if (p.type === 'enterprise' && !isValidCreditCode(p.id)) throw new DomainError('VALIDATION_FAILED', ['id: not a valid unified social credit code']);
  if (p.type === 'dept' && !(DEPARTMENTS as readonly string[]).includes(p.id))
    throw new DomainError('VALIDATION_FAILED', [`id: dept must be one of ${DEPARTMENTS.join(', ')}`]);
}

/** Where notifications go besides the in-app list: e-mail and mobile numbers of users, enterprises, departments. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications/contacts')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ContactQueries,
  ) {}

  @Put(':type/:id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Set (replace) the e-mail address and mobile number of a recipient' })
  @ApiOkResponse({ type: ContactViewDto, example: CONTACT_EXAMPLE })
  @ApiErrors(400, 401, 403)
  put(@CurrentUser() user: AuthUser, @Param() p: ContactParams, @Body() body: ContactDto) {
    checkId(p);
    return this.commands.execute(new PutContact(user, p.type, p.id, body.email ?? null, body.phone ?? null));
  }

  @Get(':type/:id')
  @Roles('admin')
  @ApiOperation({ summary: "A recipient's contact" })
  @ApiOkResponse({ type: ContactViewDto, example: CONTACT_EXAMPLE })
  @ApiErrors(400, 401, 403, 404)
  get(@Param() p: ContactParams) {
    checkId(p);
    return this.queries.get(p.type, p.id);
  }

  @Delete(':type/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: "Remove a recipient's contact (in-app notifications go on)" })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, 401, 403, 404)
  async remove(@Param() p: ContactParams): Promise<void> {
    checkId(p);
    await this.commands.execute(new RemoveContact(p.type, p.id));
  }
}
