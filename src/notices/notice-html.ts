import { page, type NoticeDocument } from "./notice-document";

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The printable HTML of a notice: the PDF's layout in CSS (A4 with GB/T 9704's margins when
 * printed), self-contained (its seal inline, no script, no outside resource), so what was hashed
 * is all there is to it. The page names the fonts a reader's computer may have, 仿宋 first.
 */
export function noticeHtml(n: NoticeDocument, lang: string): string {
  const seal = n.seal ? `<img class="seal" alt="" src="data:image/png;base64,${n.seal.toString("base64")}">` : "";
  return `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<title>${escape(n.title)} ${escape(n.number)}</title>
<style>
@page { size: A4; margin: ${page.topMm}mm ${page.rightMm}mm ${page.bottomMm}mm ${page.leftMm}mm; }
body { margin: 0 auto; max-width: ${page.widthMm - page.leftMm - page.rightMm}mm; padding: 2em 0; font-family: FangSong, STFangsong, "Noto Sans SC", "Noto Sans CJK SC", sans-serif; font-size: ${page.bodyPt}pt; line-height: ${page.linePt}pt; color: #000; }
@media print { body { padding: 0; max-width: none; } }
.issuer { color: ${page.red}; text-align: center; text-indent: 0; font-size: ${page.issuerPt}pt; font-weight: bold; letter-spacing: 0.1em; line-height: 1.4; margin: 0; }
.number { text-align: center; margin: 1em 0 0.3em; }
hr.red { border: 0; border-top: 2px solid ${page.red}; margin: 0 0 2em; }
h1 { text-align: center; font-size: ${page.titlePt}pt; line-height: 1.5; margin: 0 0 1em; font-weight: bold; }
p { margin: 0; text-indent: 2em; white-space: pre-wrap; }
p.addressee { text-indent: 0; }
.close { position: relative; margin-top: ${page.linePt}pt; text-align: right; padding-right: 4em; }
.close p { text-indent: 0; }
.seal { position: absolute; right: 2.5em; top: -2.5em; width: 42mm; opacity: 0.85; }
</style>
</head>
<body>
<p class="issuer">${escape(n.issuer)}</p>
<div class="number">${escape(n.number)}</div>
<hr class="red">
<h1>${escape(n.title)}</h1>
<p class="addressee">${escape(n.addressee)}</p>
${n.body.map((para) => `<p>${escape(para)}</p>`).join("\n")}
<div class="close">${seal}<p>${escape(n.signature)}</p><p>${escape(n.date)}</p></div>
</body>
</html>
`;
}
