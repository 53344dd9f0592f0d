import { Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IsOptional, Matches } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { uploaderFor } from '../counter/counter';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { FilesService, MAX_UPLOAD_BYTES, STAGING_DIR } from './files.service';
import { UploadFile } from './commands/upload-file';
import { ApiErrors } from '@permits/http';
import { STORED_FILE_EXAMPLE, StoredFileDto } from '../responses';
import { receiveUpload } from './staging-storage';

class Sha256Param {
  @ApiProperty({ pattern: '^[0-9a-fA-F]{64}$', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256: string;
}

class UploadQuery {
  @ApiProperty({
    required: false,
    example: '91350100M000100Y43',
    description:
      "at the service hall's counter: a window clerk uploads for this enterprise (the file is the enterprise's, as if it uploaded it); anyone else 403",
  })
  @IsOptional()
  @IsCreditCode()
  onBehalfOf?: string;
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly files: FilesService,
    @Inject(STAGING_DIR) private readonly stagingDir: string,
  ) {}

  @Get(':sha256')
  @ApiOperation({
    summary: 'The file, streamed with its content type: to staff, and to the enterprise that uploaded it or whose application refers to it; 404 to anyone else',
  })
  @ApiResponse({
    status: 200,
    description: 'the content, with the content type it was recognised as',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' }, example: '%PDF-1.7 …' } },
  })
  @ApiErrors(400, 401, 404)
  async download(@CurrentUser() user: AuthUser, @Param() p: Sha256Param, @Res() res: FastifyReply): Promise<void> {
    const file = await this.files.open(user, p.sha256);
    await res
      .status(200)
      .headers({
        'content-type': file.mediaType,
        'content-length': String(file.size),
        'content-disposition': `attachment; filename="${p.sha256}"`,
        'x-content-type-options': 'nosniff',
      })
      .send(file.content);
  }

  @Post()
  @Roles('applicant', 'officer', 'head')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'PDF, OFD or image, up to 50 MiB; recognised by content' } },
    },
  })
  @ApiOperation({ summary: 'Upload a material file: 201 { sha256, size, mediaType }; the same content again: 200 with the same hash' })
  @ApiCreatedResponse({ type: StoredFileDto, description: 'stored (the first upload of this content by this enterprise)', example: STORED_FILE_EXAMPLE })
  @ApiOkResponse({ type: StoredFileDto, description: 'this enterprise uploaded the same content before', example: STORED_FILE_EXAMPLE })
  @ApiErrors(400, 401, 403, 413, 415)
  async upload(@CurrentUser() user: AuthUser, @Query() q: UploadQuery, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    // who uploads is settled before a byte of the body is read (the guards ran before this too)
    const uploader = uploaderFor(user, q.onBehalfOf);
    const staged = await receiveUpload(req, this.stagingDir, MAX_UPLOAD_BYTES);
    const { created, file: answer } = await this.commands.execute(new UploadFile(uploader, staged));
    void res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return answer;
  }
}
