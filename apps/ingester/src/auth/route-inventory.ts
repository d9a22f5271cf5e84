import { Injectable, Logger, RequestMethod, type OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, type AccessRule } from './access';

/** One REST route of the application and its declared access rule. */
export interface RouteInfo {
  /** `GET`, `POST`… */
  readonly method: string;
  /** Express path, e.g. `/api/stations/:id`. */
  readonly path: string;
  readonly rule: AccessRule | undefined;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [String(value ?? '')];
const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every REST route the application serves, read from Nest's controller metadata (DiscoveryService), with its
 * `@Access` rule. At start-up a route without a rule is logged as an error (the guard refuses it anyway); the
 * access-matrix test compares this list with its table.
 */
@Injectable()
export class RouteInventory implements OnApplicationBootstrap {
  private readonly logger = new Logger(RouteInventory.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteInfo[] {
    const routes: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const prototype = type.prototype as Record<string, unknown>;
      const bases = asList(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, type]);
        for (const base of bases) {
          for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({ method: RequestMethod[method], path: join(base, path), rule });
          }
        }
      }
    }
    return routes;
  }

  onApplicationBootstrap(): void {
    const missing = this.routes().filter((r) => !r.rule);
    for (const r of missing)
      this.logger.error(`${r.method} ${r.path} declares no @Access rule: every call is refused`);
  }
}
