/** A Content-Disposition value that names a download in any script (RFC 6266, UTF-8 file names). */
export const attachment = (name: string, disposition: 'attachment' | 'inline' = 'attachment') => `${disposition}; filename*=UTF-8''${encodeURIComponent(name)}`;
