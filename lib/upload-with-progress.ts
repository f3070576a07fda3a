'use client';

export type TUploadProgress = { sent: number; total: number };
export type TUploadResult<T> = { status: number; body: (T & { error?: undefined }) | { error: { code: string; message: string } } | null };

/**
 * POSTs a form with XMLHttpRequest, because fetch cannot report upload progress. Resolves
 * with the status and JSON body; rejects only when the connection fails.
 */
export function uploadWithProgress<T>(url: string, body: FormData, onProgress: (p: TUploadProgress) => void): Promise<TUploadResult<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.total });
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as TUploadResult<T>['body'] });
    xhr.onerror = () => reject(new Error('The upload was interrupted.'));
    xhr.send(body);
  });
}

/** The message to show for a refused upload. */
export function uploadError(result: TUploadResult<unknown>): string {
  const error = result.body?.error;
  return error ? `${error.message} (${error.code})` : `Upload failed (HTTP ${result.status}).`;
}
