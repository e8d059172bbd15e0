/** The longest side a photo is sent with: enough to read a sign or a meter, a few hundred KB as JPEG. */
export const MAX_SIDE_PX = 1600;
/** What the page will even try to open: a phone's photo is 2–12 MB; more is a video or a mistake. */
export const MAX_PICKED_BYTES = 25 * 1024 * 1024;
/** As the server's limit (src/web-chat/web-photos.ts). */
export const MAX_SENT_BYTES = 5 * 1024 * 1024;

export type PhotoProblem = "notAPhoto" | "tooLarge" | "unreadable";

/**
 * A picked file as a JPEG of at most MAX_SIDE_PX a side, drawn on a canvas: the phone's 4000 px
 * original never leaves it, and whatever the file was (HEIC the browser can open, PNG, WebP),
 * the server gets one format. EXIF (a place, a device) is not copied.
 */
export async function resizePhoto(file: File): Promise<Blob | PhotoProblem> {
  if (!file.type.startsWith("image/")) return "notAPhoto";
  if (file.size > MAX_PICKED_BYTES) return "tooLarge";
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return "unreadable";
  }
  const scale = Math.min(1, MAX_SIDE_PX / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return "unreadable";
  // JPEG has no transparency: a transparent PNG would otherwise turn black.
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  if (!blob) return "unreadable";
  return blob.size > MAX_SENT_BYTES ? "tooLarge" : blob;
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
