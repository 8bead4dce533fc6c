// The bytes of a `data:` URL: how the core hands the webview a cached file, decoded here
// for pdf.js (the CSP's connect-src has no `data:`, so `fetch` cannot read one).

/** The bytes a base64 `data:` URL carries; a URL without a base64 payload has none. */
export function bytesOfDataUrl(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(",");
  if (comma < 0 || !dataUrl.slice(0, comma).endsWith(";base64")) return new Uint8Array();
  const binary = atob(dataUrl.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
