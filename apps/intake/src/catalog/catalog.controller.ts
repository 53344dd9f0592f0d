import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@permits/http';
import { CATALOG_EXAMPLE, CatalogItemDto } from '../responses';
import { CatalogService } from './catalog.service';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('items')
  @ApiOperation({ summary: 'Service items and their sub-items: limits, online status, materials' })
  @ApiOkResponse({ type: [CatalogItemDto], example: CATALOG_EXAMPLE })
  @ApiErrors(401)
  items() {
    return this.catalog.items();
  }
}
