import type { PrebuiltSearchIndex } from './search-index';

/**
 * The search index as the extension ships it: one binary file, so that opening the panel
 * reads the postings' numbers as typed arrays over the file's bytes instead of parsing a
 * million digits of JSON. The knowledge-base compiler writes it; the panel reads it.
 *
 * Layout:
 *   bytes 0–3   the magic "CSI" and the layout version (one byte)
 *   bytes 4–7   the header's length in bytes (uint32, little-endian)
 *   then        the header: the index as UTF-8 JSON, each typed array replaced by
 *               {"$array": [kind, byteOffset, length]}
 *   then        each array's bytes, starting at a multiple of 8 bytes
 * The arrays are little-endian, as typed arrays are on every platform browsers run on.
 */

const MAGIC = [0x43, 0x53, 0x49]; // "CSI"
const LAYOUT_VERSION = 1;
const PREAMBLE_BYTES = 8;
const ALIGNMENT = 8;

const ARRAY_KINDS = { f64: Float64Array, f32: Float32Array, i32: Int32Array } as const;
type ArrayKind = keyof typeof ARRAY_KINDS;
type IndexArray = InstanceType<(typeof ARRAY_KINDS)[ArrayKind]>;

function kindOf(value: unknown): ArrayKind | undefined {
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Int32Array) return 'i32';
  return undefined;
}

const alignUp = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the search index file is little-endian; this platform is not');
}

export function encodeSearchIndex(index: PrebuiltSearchIndex): Uint8Array {
  assertLittleEndian();
  const arrays: IndexArray[] = [];
  let byteOffset = 0;
  const header = JSON.stringify(index, (_key, value: unknown) => {
    const kind = kindOf(value);
    if (!kind) return value;
    const array = value as IndexArray;
    const at = byteOffset;
    arrays.push(array);
    byteOffset = alignUp(byteOffset + array.byteLength);
    return { $array: [kind, at, array.length] };
  });
  const headerBytes = new TextEncoder().encode(header);
  const dataStart = alignUp(PREAMBLE_BYTES + headerBytes.length);
  const file = new Uint8Array(dataStart + byteOffset);
  file.set([...MAGIC, LAYOUT_VERSION]);
  new DataView(file.buffer).setUint32(4, headerBytes.length, true);
  file.set(headerBytes, PREAMBLE_BYTES);
  let at = dataStart;
  for (const array of arrays) {
    file.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at = alignUp(at + array.byteLength);
  }
  return file;
}

/** Reads a file encodeSearchIndex wrote; the arrays are views over `buffer`, not copies. */
export function decodeSearchIndex(buffer: ArrayBuffer): PrebuiltSearchIndex {
  assertLittleEndian();
  const bytes = new Uint8Array(buffer);
  if (bytes.length < PREAMBLE_BYTES || MAGIC.some((b, i) => bytes[i] !== b) || bytes[3] !== LAYOUT_VERSION) {
    throw new Error('not a search index file of this version');
  }
  const headerLength = new DataView(buffer).getUint32(4, true);
  const dataStart = alignUp(PREAMBLE_BYTES + headerLength);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength))) as unknown;
  // A walk over the parsed header rather than a JSON.parse reviver, which costs as much
  // again as the parse itself.
  const restore = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
      return value;
    }
    const { $array } = value as { $array?: [ArrayKind, number, number] };
    if ($array) {
      const [kind, byteOffset, length] = $array;
      return new ARRAY_KINDS[kind](buffer, dataStart + byteOffset, length);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = restore(record[key]);
    return record;
  };
  return restore(header) as PrebuiltSearchIndex;
}
