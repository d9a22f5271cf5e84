import { randomBytes } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { ClusterModule } from '../cluster/cluster.module';
import type { Env } from '../config/env';
import { RegistryModule } from '../registry/registry.module';
import { AuditService } from './audit.service';
import { AuthController } from './auth.controller';
import { AuditInterceptor, AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthStore } from './auth-store';
import { RouteInventory } from './route-inventory';
import { ScopeService } from './scope.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Access control: accounts and roles, sessions (JWT), API tokens, the global deny-by-default guard, cluster scope,
 * the audit log and the login rate limit. Exports {@link ScopeService}, {@link AuditService} and
 * {@link AuthService} (the live gateway authenticates socket.io handshakes with it).
 */
@Module({
  imports: [
    ClusterModule,
    RegistryModule,
    DiscoveryModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        let secret = config.get('AUTH_JWT_SECRET', { infer: true });
        if (!secret) {
          secret = randomBytes(32).toString('base64url');
          new Logger('AuthModule').warn(
            'AUTH_JWT_SECRET is not set: a random key is used, sessions end when the ingester stops',
          );
        }
        return {
          secret,
          signOptions: { algorithm: 'HS256', expiresIn: config.get('AUTH_SESSION_TTL_S', { infer: true }) },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const ttl = config.get('AUTH_LOGIN_WINDOW_S', { infer: true }) * 1000;
        return [
          // Per client IP and username (the tracker of LoginThrottlerGuard): guessing one account's password.
          { name: 'login', limit: config.get('AUTH_LOGIN_LIMIT', { infer: true }), ttl },
          // Per client IP alone: one address trying a password on many usernames.
          {
            name: 'login-ip',
            limit: config.get('AUTH_LOGIN_IP_LIMIT', { infer: true }),
            ttl,
            getTracker: (request: Record<string, unknown>) => String(request.ip),
          },
        ];
      },
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthStore,
    UsersService,
    AuthService,
    ScopeService,
    AuditService,
    RouteInventory,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuthService, ScopeService, AuditService, RouteInventory],
})
export class AuthModule {}
