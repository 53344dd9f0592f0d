import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSignedRequest } from '@permits/http';
import type { FastifyRequest as Request } from 'fastify';
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
  @ApiOperation({
    summary: 'A declaration of the national EIA system: files an application (202); the same declarationId again answers the same applicationId',
  })
  @ApiHeader({ name: 'X-Timestamp', required: true, description: 'Unix time in seconds, within 300 s of our clock' })
  @ApiHeader({ name: 'X-Nonce', required: true, description: '1-128 visible ASCII characters, used once' })
  @ApiSignedRequest()
  @ApiAcceptedResponse({ type: DeclarationAcceptedDto, example: { applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' } })
  @ApiErrors(400, 401, 413)
  async declare(@Body() body: DeclarationDto, @Req() req: Request & { rawBody?: Buffer }): Promise<DeclarationAcceptedDto> {
    const { applicationId } = await this.commands.execute(new ReceiveDeclaration(body, req.rawBody ?? Buffer.alloc(0), cid(req)));
    return { applicationId };
  }
}
