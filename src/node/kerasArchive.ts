/**
 * A Keras 3 `.keras` archive's entries, read as user input: the central directory is checked before anything is
 * unpacked (entry count, names that point outside the archive, duplicates, encryption, sizes and compression
 * ratios past what a model holds), fflate unpacks the three entries Keras writes, and each must come out at the
 * size and CRC-32 the directory declares, so a damaged or lying archive is refused, never half-read.
 */
import { crc32 as zlibCrc32 } from "node:zlib";
import { unzipSync } from "fflate";
import { msg, printable, type Message } from "../core";
import { FileError } from "./files";
import { maxFileBytes, maxTextBytes } from "./readFiles";

/** The most entries a `.keras` archive may list (Keras writes three; sharded weights a few more). */
const maxEntries = 1000;
/** Past this size, an entry that unpacks to more than `maxRatio` times its packed size is refused (weights compress little). */
const ratioFloor = 64 * 1024 * 1024;
const maxRatio = 100;

/** One central-directory entry: what the archive declares about a file. */
interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly crc: number;
  readonly packed: number;
  readonly size: number;
}

/** The central directory's entries (zip64 included); a FileError for an archive whose directory cannot be read. */
function centralDirectory(bytes: Uint8Array, path: string): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: Message) => new FileError(msg("zip.unreadable", { path, error: why }));
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) if (--end < bytes.length - 22 - 0xffff) end = -1;
  if (end < 0) throw bad(msg("zip.noDirectory"));
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if ((count === 0xffff || at === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === 0x07064b50) {
    const z = Number(view.getBigUint64(end - 12, true));
    if (z + 56 > bytes.length || view.getUint32(z, true) !== 0x06064b50) throw bad(msg("zip.zip64Damaged"));
    count = Number(view.getBigUint64(z + 32, true));
    at = Number(view.getBigUint64(z + 48, true));
  }
  if (count > maxEntries) throw new FileError(msg("zip.tooManyEntries", { path, max: maxEntries }));
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw bad(msg("zip.directoryDamaged"));
    const [nameLength, extraLength, commentLength] = [
      view.getUint16(at + 28, true),
      view.getUint16(at + 30, true),
      view.getUint16(at + 32, true),
    ];
    if (at + 46 + nameLength + extraLength > bytes.length) throw bad(msg("zip.directoryDamaged"));
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    let [packed, size] = [view.getUint32(at + 20, true), view.getUint32(at + 24, true)];
    // Zip64 sizes live in the extra field (id 1): the original size first, then the packed one, where they overflow.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; e += 4 + view.getUint16(e + 2, true)) {
      if (view.getUint16(e, true) !== 1) continue;
      let f = e + 4;
      if (size === 0xffffffff && f + 8 <= bytes.length) [size, f] = [Number(view.getBigUint64(f, true)), f + 8];
      if (packed === 0xffffffff && f + 8 <= bytes.length) packed = Number(view.getBigUint64(f, true));
    }
    entries.push({ name, flags: view.getUint16(at + 8, true), crc: view.getUint32(at + 16, true), packed, size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** CRC-32 (zip's): Node's own where it has one (20.15+), else computed here. */
function crc32(data: Uint8Array): number {
  if (typeof zlibCrc32 === "function") return zlibCrc32(data) >>> 0;
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The entries of a `.keras` archive the import reads (`config.json`, `metadata.json`, `model.weights.h5`), checked. */
export function unzipKeras(bytes: Uint8Array, path: string): Record<string, Uint8Array> {
  const limits: Record<string, number> = { "config.json": maxTextBytes, "metadata.json": maxTextBytes, "model.weights.h5": maxFileBytes() };
  const entries = centralDirectory(bytes, path);
  const seen = new Set<string>();
  for (const entry of entries) {
    const parts = entry.name.split(/[\\/]/);
    if (entry.name.startsWith("/") || /^[a-zA-Z]:/.test(entry.name) || parts.includes(".."))
      throw new FileError(msg("zip.outside", { path, name: printable(entry.name) }));
    if (seen.has(entry.name)) throw new FileError(msg("zip.twice", { path, name: printable(entry.name) }));
    seen.add(entry.name);
    const limit = limits[entry.name];
    if (limit === undefined) continue;
    if (entry.flags & 1) throw new FileError(msg("zip.encrypted", { path, name: entry.name }));
    const huge = entry.size === 0xffffffff;
    if (entry.size > limit)
      throw new FileError(
        huge
          ? msg("zip.tooLargeHuge", { path, name: entry.name, limit })
          : msg("zip.tooLarge", { path, name: entry.name, size: entry.size, limit }),
      );
    if (entry.size > ratioFloor && entry.size > maxRatio * entry.packed)
      throw new FileError(msg("zip.bomb", { path, name: entry.name, size: entry.size, packed: entry.packed }));
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (entry) => Object.hasOwn(limits, entry.name) });
  } catch (e) {
    throw new FileError(msg("zip.unreadable", { path, error: printable(String(e instanceof Error ? e.message : e)) }));
  }
  for (const entry of entries) {
    const data = files[entry.name];
    if (data && (data.length !== entry.size || crc32(data) !== entry.crc))
      throw new FileError(msg("zip.damaged", { path, name: entry.name }));
  }
  return files;
}
