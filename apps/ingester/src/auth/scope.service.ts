import { Injectable } from '@nestjs/common';
import type { UserDto } from '@langxanh/contracts';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';

/**
 * Cluster scope: `admin` and `department` see and act on every cluster, a `manager` on the clusters listed in
 * its account. Air-quality stations are public (readable by anyone, anonymous included, as VN_AQI is meant to be
 * published); wastewater and waste stations and every alert are visible only within scope.
 * Controllers call these checks; nothing here reads the request.
 */
@Injectable()
export class ScopeService {
  constructor(private readonly registry: RegistryService) {}

  /** Whether `user` may see and act on `clusterId` (false for anonymous). */
  inScope(user: UserDto | undefined, clusterId: string): boolean {
    if (!user) return false;
    return user.role !== 'manager' || user.clusters.includes(clusterId);
  }

  /**
   * Throws unless `user` may act on `clusterId` (acknowledge, comment, silence, read non-public data).
   * @throws ApiError 401 `unauthorized` for anonymous, 403 `forbidden` outside the user's clusters.
   */
  assertCluster(user: UserDto | undefined, clusterId: string): asserts user is UserDto {
    if (!user) throw new ApiError(ApiErrorCode.Unauthorized, 'sign in first');
    if (!this.inScope(user, clusterId)) {
      throw new ApiError(ApiErrorCode.Forbidden, `cluster "${clusterId}" is outside your scope`);
    }
  }

  /** Whether the station's data is readable by `user`: air stations by anyone, others within scope. */
  canRead(user: UserDto | undefined, stationId: string): boolean {
    const registered = this.registry.get(stationId);
    if (!registered) return false;
    return registered.station.kind === 'air' || this.inScope(user, registered.cluster.id);
  }

  /**
   * Throws unless the station's data is readable by `user` (call after checking the station exists).
   * @throws ApiError 401 for anonymous on a non-public station, 403 outside the user's clusters.
   */
  assertReadable(user: UserDto | undefined, stationId: string): void {
    const registered = this.registry.get(stationId);
    if (!registered || registered.station.kind === 'air') return;
    this.assertCluster(user, registered.cluster.id);
  }
}
