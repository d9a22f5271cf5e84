import type { ComplianceReportDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';

export function fetchCompliance(station: string, from: string, to: string, signal?: AbortSignal): Promise<ComplianceReportDto> {
  return api.compliance(station, from, to, signal);
}

/** Downloads the CSV through the API (with the session's token) and hands it to the browser as a file. */
export async function downloadComplianceCsv(station: string, from: string, to: string, fileName: string): Promise<void> {
  const blob = await api.complianceCsv(station, from, to);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // let the download start before the URL goes
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
