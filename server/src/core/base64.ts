// Base64 without Node's Buffer, so the same code runs in a web worker: bytes travel through LSP's JSON as base64
// (the browser server's file requests, scaffolded package files).

const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** The bytes of a base64 string; undefined when it is not valid base64. Never throws. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
