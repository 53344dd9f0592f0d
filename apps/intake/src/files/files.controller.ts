import { Controller, Get, HttpStatus, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsOptional, Matches } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { uploaderFor } from '../counter/counter';
import { pipeline } from 'node:stream/promises';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { FilesService } from './files.service';
import { UploadFile } from './commands/upload-file';
import { ApiErrors } from '@permits/http';
import { STORED_FILE_EXAMPLE, StoredFileDto } from '../responses';
import { StagedUpload, stagedOf } from './staging-storage';
import { DomainError } from '@permits/core';

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
  async download(@CurrentUser() user: AuthUser, @Param() p: Sha256Param, @Res() res: Response): Promise<void> {
    const file = await this.files.open(user, p.sha256);
    res.status(200).setHeader('content-type', file.mediaType);
    res.setHeader('content-length', String(file.size));
    res.setHeader('content-disposition', `attachment; filename="${p.sha256}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    await pipeline(file.content, res);
  }

  @Post()
  @Roles('applicant', 'officer', 'head')
  @UseInterceptors(FileInterceptor('file'))
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
  async upload(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: StagedUpload | undefined,
    @Query() q: UploadQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    let uploader: AuthUser;
    try {
      uploader = uploaderFor(user, q.onBehalfOf);
    } catch (err) {
      if (file) await stagedOf(file).discard();
      throw err;
    }
    if (!file) throw new DomainError('VALIDATION_FAILED', ['file: send multipart/form-data with the file in the field "file"']);
    const { created, file: answer } = await this.commands.execute(new UploadFile(uploader, stagedOf(file)));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return answer;
  }
}
