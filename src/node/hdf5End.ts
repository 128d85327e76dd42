/**
 * Where an HDF5 file says it ends: its superblock's end-of-file address (HDF5's file format, "Superblock", versions
 * 0–3), read before the file is opened. The HDF5 library itself refuses a file shorter than that ("truncated
 * file"); jsfive reads on as long as what it is asked for lies before the cut, so the import checks it here.
 */

/** The end-of-file address the superblock at the start of `bytes` declares, or `undefined` where it cannot be read. */
export function hdf5DeclaredEnd(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[8];
  // Versions 0 and 1: the sizes of offsets and lengths at 13 and 14, the addresses after 24 bytes (28 in version 1).
  // Versions 2 and 3: the size of offsets at 9, then the base, extension and end-of-file addresses from byte 12.
  const [offsetSize, addresses] =
    version === 0 || version === 1 ? [bytes[13], version === 0 ? 24 : 28] : version <= 3 ? [bytes[9], 12] : [0, 0];
  if (offsetSize !== 8 && offsetSize !== 4) return undefined;
  // Base address, then (v0/v1) the free-space address or (v2/v3) the extension address, then the end of file.
  const at = (k: number) => addresses + k * offsetSize;
  if (at(3) > bytes.length) return undefined;
  const read = (k: number) => (offsetSize === 8 ? Number(view.getBigUint64(at(k), true)) : view.getUint32(at(k), true));
  const [base, end] = [read(0), read(2)];
  // An undefined address (all bits set) says nothing.
  if (!Number.isSafeInteger(base + end) || end === 2 ** 32 - 1) return undefined;
  return base + end;
}
