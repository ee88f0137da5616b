import { useQuery } from '@tanstack/react-query';
import { getJson, type ProcessorInfo } from './api.js';
import { queryKeys } from './query-keys.js';

/** The card processor in use and what it can do; it does not change while the server runs. */
export function useProcessor() {
  return useQuery({
    queryKey: queryKeys.processor,
    queryFn: () => getJson<ProcessorInfo>('/api/processor'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
