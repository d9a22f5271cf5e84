import type { ComplianceReportDto } from '@langxanh/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/api/queries';
import { fetchCompliance } from '../api/compliance';

/** The compliance report of `station` over `query` (`from`/`to` as the API takes them); `null` asks nothing. */
export function useCompliance(
  station: string,
  query: { readonly from: string; readonly to: string } | null,
): UseQueryResult<ComplianceReportDto> {
  return useQuery({
    queryKey: queryKeys.compliance(station, query?.from ?? '', query?.to ?? ''),
    queryFn: ({ signal }) => fetchCompliance(station, query?.from ?? '', query?.to ?? '', signal),
    enabled: query !== null,
  });
}
