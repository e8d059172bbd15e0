import type { NoticeKind } from "../texts/texts";

/**
 * A notice as GB/T 9704 (党政机关公文格式) lays it out, part by part; the HTML and the PDF are
 * two renderings of this one object, so they say the same.
 */
export interface NoticeDocument {
  kind: NoticeKind;
  /** 发文机关标志, in red above the red line. */
  issuer: string;
  /** 发文字号: 〔2026〕3号. */
  number: string;
  /** 标题. */
  title: string;
  /** 主送: 「反映人：」 or the resident's name. */
  addressee: string;
  /** 正文, paragraph by paragraph. */
  body: string[];
  /** 落款: the department. */
  signature: string;
  /** 成文日期: 2026年12月1日. */
  date: string;
  /** 印章, a PNG from the configuration, over the signature and date; none if not configured. */
  seal: Buffer | null;
  /** The page number's words for page n. */
  pageLabel: (n: number) => string;
}

/**
 * GB/T 9704-2012's page in millimetres: A4, 37 mm top, 28 mm left, 26 mm right, 35 mm bottom;
 * 22 lines of 28 characters of 三号 (16 pt) body text; 标题 in 二号 (22 pt); the 发文机关标志
 * in red, larger. Both renderings take their measures from here.
 */
export const page = {
  widthMm: 210,
  heightMm: 297,
  topMm: 37,
  leftMm: 28,
  rightMm: 26,
  bottomMm: 35,
  issuerPt: 30,
  titlePt: 22,
  bodyPt: 16,
  /** 28.9 pt: 22 lines in the 225 mm of text height. */
  linePt: 28.9,
  /** The page number, 4号 (14 pt), 7 mm below the text area. */
  pageNumberPt: 14,
  red: "#d40000",
} as const;

export const MM = 72 / 25.4;
