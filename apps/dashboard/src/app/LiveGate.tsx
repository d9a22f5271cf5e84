import type { ReactNode } from 'react';
import { SignInRequired } from '../components/SignInRequired';
import { LoadError, Loading } from '../components/StatusMessage';
import { useLiveContext, useLoadError, useLoadStatus } from '../lib/live/LiveStoreContext';
import { UNAUTHORIZED } from './LiveDataProvider';

/** Shows the pages once the first snapshot is in; a loading note or an error with "retry" before that. */
export function LiveGate({ children }: { readonly children: ReactNode }) {
  const status = useLoadStatus();
  const error = useLoadError();
  const { reload } = useLiveContext();
  if (status === 'loading') return <Loading />;
  if (status === 'error' && error === UNAUTHORIZED) return <SignInRequired />;
  if (status === 'error') return <LoadError onRetry={reload} />;
  return <>{children}</>;
}
