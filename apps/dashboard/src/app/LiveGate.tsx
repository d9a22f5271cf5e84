import type { ReactNode } from 'react';
import { LoadError, Loading } from '../components/StatusMessage';
import { useLiveContext, useLoadStatus } from '../lib/live/LiveStoreContext';

/** Shows the pages once the first snapshot is in; a loading note or an error with "retry" before that. */
export function LiveGate({ children }: { readonly children: ReactNode }) {
  const status = useLoadStatus();
  const { reload } = useLiveContext();
  if (status === 'loading') return <Loading />;
  if (status === 'error') return <LoadError onRetry={reload} />;
  return <>{children}</>;
}
