/**
 * Offers `bytes` to the user as a file download named `fileName`.
 *
 * @example
 * downloadBytes(bytes, "model.safetensors");
 */
export function downloadBytes(bytes: ArrayBuffer, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  // The click starts the download synchronously; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
