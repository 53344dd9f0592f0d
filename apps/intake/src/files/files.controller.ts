import { BadRequestException, Controller, Get, HttpStatus, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Matches } from 'class-validator';
import { pipeline } from 'node:stream/promises';
import { AuthUser, CurrentUser, Roles } from '@permits/auth';
import { FilesService } from './files.service';
import { MEDIA_TYPES } from './sniff';
import { StagedUpload, stagedOf } from './staging-storage';

class Sha256Param {
  @ApiProperty({ pattern: '^[0-9a-fA-F]{64}$', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256: string;
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get(':sha256')
  @ApiOperation({ summary: 'The file, streamed with its content type: to staff, and to the enterprise that uploaded it or whose application refers to it; 404 to anyone else' })
  @ApiResponse({ status: 200, description: 'the content' })
  @ApiResponse({ status: 404, description: 'no such file, or not yours' })
  async download(@CurrentUser() user: AuthUser, @Param() p: Sha256Param, @Res() res: Response): Promise<void> {
    const file = await this.files.open(user, p.sha256);
    res.status(200).setHeader('content-type', file.mediaType);
    res.setHeader('content-length', String(file.size));
    res.setHeader('content-disposition', `attachment; filename="${p.sha256}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    await pipeline(file.content, res);
  }

  @Post()
  @Roles('applicant')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'PDF, OFD or image, up to 50 MiB; recognised by content' } } } })
  @ApiOperation({ summary: 'Upload a material file: 201 { sha256, size, mediaType }; the same content again: 200 with the same hash' })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { sha256: { type: 'string' }, size: { type: 'integer' }, mediaType: { type: 'string', enum: [...MEDIA_TYPES] } } } })
  @ApiResponse({ status: 413, description: 'over 50 MiB' })
  @ApiResponse({ status: 415, description: 'content is not a PDF, OFD or image' })
  async upload(@CurrentUser() user: AuthUser, @UploadedFile() file: StagedUpload | undefined, @Res({ passthrough: true }) res: Response) {
    if (!file) throw new BadRequestException(['file: send multipart/form-data with the file in the field "file"']);
    const { created, file: answer } = await this.files.accept(user, stagedOf(file));
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return answer;
  }
}
