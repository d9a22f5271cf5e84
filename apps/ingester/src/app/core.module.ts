import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { validateEnv, type Env } from '../config/env';

/**
 * What every module may use without importing it: the validated configuration (`ConfigService`) and the logger
 * (pino). Both are global, and nothing else is: features import the modules they use.
 */
@Module({})
export class CoreModule {
  /**
   * Built when called (not when this file is imported), so the environment is read and validated at start-up.
   * @throws Error listing invalid configuration.
   */
  static forRoot(): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv, cache: true }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Env, true>) => ({
            pinoHttp: {
              level: config.get('LOG_LEVEL', { infer: true }),
              autoLogging: false,
              redact: ['req.headers.authorization', 'req.headers.cookie'],
            },
          }),
        }),
      ],
    };
  }
}
