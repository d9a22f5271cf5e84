import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Loading, LoadError } from '../../../components/StatusMessage';

/** Loading, the error with a retry, or `children(data)` of one query. */
export function QueryView<T>({
  query,
  children,
}: {
  readonly query: UseQueryResult<T>;
  readonly children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError onRetry={() => void query.refetch()} message={query.error.message} />;
  return <>{children(query.data)}</>;
}
