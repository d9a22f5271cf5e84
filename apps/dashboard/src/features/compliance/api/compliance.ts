import type { ComplianceReportDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';
import { saveBlob } from '../../../lib/download/save-blob';

export function fetchCompliance(station: string, from: string, to: string, signal?: AbortSignal): Promise<ComplianceReportDto> {
  return api.compliance(station, from, to, signal);
}

/**
 * Downloads the CSV through the API (with the session's token, headers in the page's language) and hands it to the
 * browser as a file.
 */
export async function downloadComplianceCsv(
  station: string,
  from: string,
  to: string,
  fileName: string,
  lang: 'vi' | 'en',
): Promise<void> {
  saveBlob(await api.complianceCsv(station, from, to, lang), fileName);
}
