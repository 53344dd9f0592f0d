import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@permits/auth';
import { ReceiveDeclaration } from './commands/receive-declaration';
import { DeclarationAcceptedDto, DeclarationDto } from './dto';
import { NationalSignatureGuard } from './signature.guard';

const cid = (req: Request) => String((req as Request & { id?: unknown }).id ?? '');

/** What the national EIA unified declaration and approval system calls: signed with the shared secret, no bearer token. */
@ApiTags('national EIA integration')
@Controller('api/v1/integrations/national-eia')
export class NationalEiaController {
  constructor(private readonly commands: CommandBus) {}

  @Post('declarations')
  @Public()
  @UseGuards(NationalSignatureGuard)
  @HttpCode(202)
  @ApiOperation({ summary: 'A declaration of the national EIA system: files an application (202); the same declarationId again answers the same applicationId' })
  @ApiHeader({ name: 'X-Timestamp', required: true, description: 'Unix time in seconds, within 300 s of our clock' })
  @ApiHeader({ name: 'X-Nonce', required: true, description: 'used once' })
  @ApiHeader({ name: 'X-Signature', required: true, description: 'hex HMAC-SHA256 with NATIONAL_EIA_SECRET over timestamp + "\\n" + nonce + "\\n" + raw body' })
  @ApiAcceptedResponse({ type: DeclarationAcceptedDto })
  @ApiUnauthorizedResponse({ description: 'bad signature, timestamp more than 300 s off, or a reused nonce' })
  async declare(@Body() body: DeclarationDto, @Req() req: Request & { rawBody?: Buffer }): Promise<DeclarationAcceptedDto> {
    const { applicationId } = await this.commands.execute(new ReceiveDeclaration(body, req.rawBody ?? Buffer.alloc(0), cid(req)));
    return { applicationId };
  }
}
