import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi, type AuditFilter } from '../api/admin-api';

/** Query keys of the admin pages (all under `admin`, so a sign-out's new cache never mixes them). */
export const adminKeys = {
  users: ['admin', 'users'] as const,
  tokens: ['admin', 'tokens'] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
  silences: ['admin', 'silences'] as const,
  notifications: ['admin', 'notifications'] as const,
  clusters: ['admin', 'clusters'] as const,
  stations: ['admin', 'stations'] as const,
  registry: ['admin', 'registry'] as const,
  versions: ['admin', 'registry-versions'] as const,
  version: (v: number) => ['admin', 'registry-version', v] as const,
};
/** Everything a registry change makes stale: the registry, its versions, and the station lists of every page. */
export const REGISTRY_STALE: readonly (readonly string[])[] = [
  adminKeys.registry,
  adminKeys.versions,
  adminKeys.stations,
  adminKeys.clusters,
  ['stations'],
  ['clusters'],
];

export const useUsers = () =>
  useQuery({ queryKey: adminKeys.users, queryFn: ({ signal }) => adminApi.users(signal) });
export const useTokens = () =>
  useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => adminApi.tokens(signal) });
export const useClusters = () =>
  useQuery({ queryKey: adminKeys.clusters, queryFn: ({ signal }) => adminApi.clusters(signal) });
export const useStations = () =>
  useQuery({ queryKey: adminKeys.stations, queryFn: ({ signal }) => adminApi.stations(signal) });
export const useSilences = () =>
  useQuery({ queryKey: adminKeys.silences, queryFn: ({ signal }) => adminApi.silences(signal) });
export const useNotifications = () =>
  useQuery({ queryKey: adminKeys.notifications, queryFn: ({ signal }) => adminApi.notifications(signal) });
export const useRegistry = () =>
  useQuery({ queryKey: adminKeys.registry, queryFn: ({ signal }) => adminApi.registry(signal) });
export const useRegistryVersions = () =>
  useQuery({ queryKey: adminKeys.versions, queryFn: ({ signal }) => adminApi.registryVersions(signal) });
export const useRegistryVersion = (v: number | undefined) =>
  useQuery({
    queryKey: adminKeys.version(v ?? 0),
    queryFn: ({ signal }) => adminApi.registryVersion(v ?? 0, signal),
    enabled: v !== undefined,
    staleTime: Infinity, // a version never changes
  });
export const useAudit = (filter: AuditFilter) =>
  useQuery({ queryKey: adminKeys.audit(filter), queryFn: ({ signal }) => adminApi.audit(filter, signal) });

/**
 * A mutation that, once it succeeds, marks the given queries stale (and the audit log, which every admin change
 * writes to).
 */
export function useAdminMutation<A, R>(
  fn: (args: A) => Promise<R>,
  invalidate: readonly (readonly string[])[],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(
        [...invalidate, ['admin', 'audit']].map((queryKey) => client.invalidateQueries({ queryKey })),
      );
    },
  });
}
