/** Rendering for component tests: every render gets a fresh TanStack Query cache (no answer leaks between tests). */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render as rtlRender, type RenderOptions, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';

/** A cache like the app's (lib/api/query-client.ts) but without retries, so that an error shows at once. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false } } });
}

/** `@testing-library/react`'s render inside a `QueryClientProvider` (the client is returned for cache checks). */
export function render(ui: ReactElement, options: RenderOptions & { readonly client?: QueryClient } = {}): RenderResult & { readonly client: QueryClient } {
  const client = options.client ?? createTestQueryClient();
  const Wrapper = ({ children }: { readonly children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return { ...rtlRender(ui, { ...options, wrapper: Wrapper }), client };
}
