import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { resolve } from 'node:path';
import type { Env } from '../config/env';
import { dashboardFiles, readDashboardBuild } from './dashboard-files';

/**
 * Production mode's web server (docs/deploy.md): with `DASHBOARD_DIR` set, the ingester itself serves the built
 * dashboard on its own port ({@link dashboardFiles}), so no `vite preview` runs in production and the API,
 * socket.io and the pages share one origin (the CSP's `'self'`). Unset (`npm start`, tests): nothing is served here.
 *
 * Registered in `onModuleInit`, i.e. after Nest's API routes and before its 404 handler: an API request never
 * touches the disk, and an unknown `/api/…` path still answers the API's JSON 404.
 */
@Injectable()
export class DashboardServer implements OnModuleInit {
  private readonly logger = new Logger(DashboardServer.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** @throws Error when `DASHBOARD_DIR` is set but holds no complete build ({@link readDashboardBuild}). */
  onModuleInit(): void {
    const configured = this.config.get('DASHBOARD_DIR', { infer: true });
    if (configured === '') return;
    const dir = resolve(configured);
    const headers = readDashboardBuild(dir);
    this.adapterHost.httpAdapter.use(dashboardFiles(dir, headers));
    this.logger.log(`serving the dashboard from ${dir}`);
  }
}

/** The built dashboard's pages and assets (`DASHBOARD_DIR`), see {@link DashboardServer}. */
@Module({ providers: [DashboardServer] })
export class WebModule {}
