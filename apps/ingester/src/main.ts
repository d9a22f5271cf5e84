import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { NEWER_FORMAT_EXIT_CODE, NewerDataFormatError } from '@langxanh/data-format';
import { AppModule } from './app/app.module';
import { configureHttp } from './common/http';
import { validateEnv, type Env } from './config/env';
import { MqttAdapter, REFUSAL_EXIT_CODE } from './mqtt/mqtt.adapter';
import { claimDataFolders } from './storage/data-folders';

/** Starts the ingester; configuration from the environment (README § Configuration). */
async function bootstrap(): Promise<void> {
  // Files the ingester makes (spool segments and quarantine, auth store, audit log) are for its own user only:
  // they hold non-public readings, comments and user names. Directories 0700, files 0600.
  process.umask(0o077);
  // Data a newer release wrote is never opened by this one (docs/backup.md § Upgrades).
  await claimDataFolders(validateEnv(process.env));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // A session take-over (another instance with this MQTT_CLIENT_ID): stop cleanly and exit non-zero, never flap.
  app.get(MqttAdapter).onRefusal(() => {
    setTimeout(() => process.exit(REFUSAL_EXIT_CODE), 10_000).unref();
    void app.close().finally(() => process.exit(REFUSAL_EXIT_CODE));
  });
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  configureHttp(app, config.get('TRUST_PROXY', { infer: true }));
  const host = config.get('HTTP_HOST', { infer: true });
  const port = config.get('HTTP_PORT', { infer: true });
  await app.listen(port, host);
  app.get(Logger).log(`LàngXanh ingester listening on http://${host}:${port}/api`);
}

bootstrap().catch((error: Error) => {
  // Configuration and registry errors end here: print them whole and exit non-zero.
  console.error(error.message);
  process.exit(error instanceof NewerDataFormatError ? NEWER_FORMAT_EXIT_CODE : 1);
});
