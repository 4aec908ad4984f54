// A file from the main process (FileDownload: base64 bytes) offered as a download: a Blob link, clicked and let go. On
// the desktop Electron asks where to save it (its save dialog); in browser mode the browser downloads it.
import type { FileDownload } from '../../core/model.ts';

export function downloadFile(file: FileDownload): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
