/**
 * What an uploaded file is, by its first bytes: a browser's claimed type (or a file name) proves
 * nothing. Only the formats every browser shows and every cadre's phone opens.
 */
export type PhotoType = "image/jpeg" | "image/png" | "image/webp";

export function photoTypeOf(bytes: Uint8Array): PhotoType | undefined {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  // RIFF <size> WEBP
  if (bytes.length >= 12 && starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  return undefined;
}
