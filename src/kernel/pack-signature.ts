import { verify, type KeyObject } from 'node:crypto';

/**
 * What an organization's key signs for an audit pack: this context, then the manifest's bytes.
 * A head signature covers canonical JSON, which starts with `{`; a manifest signature covers
 * bytes starting with this text. Neither can be passed off as the other.
 */
export const PACK_MANIFEST_CONTEXT = 'aims audit pack manifest v1\n';

export const packManifestPayload = (manifest: Buffer) =>
  Buffer.concat([Buffer.from(PACK_MANIFEST_CONTEXT, 'utf8'), manifest]);

/** Whether `signature` (base64) is the key's signature of the manifest as a pack manifest. */
export function verifyPackManifest(manifest: Buffer, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, packManifestPayload(manifest), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
