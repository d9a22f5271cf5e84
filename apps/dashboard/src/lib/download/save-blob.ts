/** Hands `blob` to the browser as a file download named `fileName` (an object URL clicked, revoked 10 s later). */
export function saveBlob(blob: Blob, fileName: string): void {
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
