import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The notices' CJK font: Noto Sans Hans (SIL OFL) from @embedpdf/fonts-sc, installed with the
 * project, so nothing is downloaded at run time. GB/T 9704 asks for 仿宋 and 小标宋, which no
 * package on the registry carries; Noto Sans Hans is what is at hand, in the standard's sizes
 * and layout. The package's "exports" hides its files from require.resolve of its package.json:
 * its main is found, and the fonts are beside it.
 */
export interface NoticeFonts {
  regular: Buffer;
  bold: Buffer;
}

let fonts: NoticeFonts | undefined;

/** Read once per process (8 MB each): a notice embeds only the glyphs it uses. */
export function noticeFonts(): NoticeFonts {
  if (fonts) return fonts;
  const dir = join(dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts");
  fonts = { regular: readFileSync(join(dir, "NotoSansHans-Regular.otf")), bold: readFileSync(join(dir, "NotoSansHans-Bold.otf")) };
  return fonts;
}
