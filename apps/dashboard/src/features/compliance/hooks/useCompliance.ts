import type { ComplianceReportDto } from '@langxanh/contracts';
import { useQuery, type QueryResult } from '../../../lib/api/useQuery';
import { fetchCompliance } from '../api/compliance';

export function useCompliance(station: string, query: { readonly from: string; readonly to: string } | null): QueryResult<ComplianceReportDto> {
  return useQuery(query ? `compliance|${station}|${query.from}|${query.to}` : null, (signal) =>
    fetchCompliance(station, query?.from ?? '', query?.to ?? '', signal),
  );
}
