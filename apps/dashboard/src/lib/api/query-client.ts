import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/**
 * The dashboard's one TanStack Query cache for server state. Data is fresh for 30 s (the live socket keeps readings
 * and alerts current between fetches, see lib/live), kept 5 min after its last user, retried twice except for
 * answers that will not change on retry (4xx: sign-in, forbidden, not found, invalid query).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}
