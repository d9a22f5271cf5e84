import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OpenApiController } from './openapi.controller';

/** The API's contract: `GET /api/openapi.json` (OpenAPI 3.1 from the zod schemas and DTOs) and `GET /api/docs`. */
@Module({ imports: [AuthModule], controllers: [OpenApiController] })
export class OpenApiModule {}
