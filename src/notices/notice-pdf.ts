import PDFDocument from "pdfkit";
import { MM, page, type NoticeDocument } from "./notice-document";
import { noticeFonts } from "./notice-fonts";

/**
 * A notice's PDF, laid out after GB/T 9704 (./notice-document.ts has the measures). The same
 * document and issue time give the same bytes (the creation date is the issue time, pdfkit adds
 * no random id): what was hashed when it was issued can be rendered again and checked.
 */
export async function noticePdf(n: NoticeDocument, issuedAt: Date): Promise<Buffer> {
  const margins = { top: page.topMm * MM, left: page.leftMm * MM, right: page.rightMm * MM, bottom: page.bottomMm * MM };
  const doc = new PDFDocument({
    size: "A4",
    margins,
    bufferPages: true,
    info: { Title: `${n.title} ${n.number}`, Author: n.issuer, Producer: "Minqing", Creator: "Minqing", CreationDate: issuedAt, ModDate: issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const fonts = noticeFonts();
  doc.registerFont("regular", fonts.regular);
  doc.registerFont("bold", fonts.bold);
  const width = doc.page.width - margins.left - margins.right;
  const lineGap = page.linePt - page.bodyPt * 1.448;

  // 版头: the issuer in red, the number under it, the red line under both.
  doc.font("bold").fontSize(page.issuerPt).fillColor(page.red).text(n.issuer, margins.left, margins.top, { width, align: "center", characterSpacing: 2 });
  doc.moveDown(0.6);
  doc.font("regular").fontSize(page.bodyPt).fillColor("black").text(n.number, { width, align: "center" });
  const lineY = doc.y + 4 * MM;
  doc.moveTo(margins.left, lineY).lineTo(margins.left + width, lineY).lineWidth(1.2).strokeColor(page.red).stroke();
  doc.y = lineY + 2 * page.linePt;

  // 主体: the title, the addressee, the body (each paragraph indented two characters).
  doc.font("bold").fontSize(page.titlePt).fillColor("black").text(n.title, margins.left, doc.y, { width, align: "center" });
  doc.y += page.linePt;
  doc.font("regular").fontSize(page.bodyPt).text(n.addressee, margins.left, doc.y, { width, lineGap });
  for (const para of n.body) doc.text(para, margins.left, doc.y, { width, lineGap, indent: 2 * page.bodyPt, align: "justify" });

  // 落款 and 成文日期 one empty line under the body, right-aligned four characters in; the seal over them.
  doc.y += page.linePt;
  if (doc.y + 2 * page.linePt > doc.page.height - margins.bottom) doc.addPage();
  const closeY = doc.y;
  const closeWidth = width - 4 * page.bodyPt;
  doc.text(n.signature, margins.left, closeY, { width: closeWidth, align: "right", lineGap });
  doc.text(n.date, margins.left, doc.y, { width: closeWidth, align: "right", lineGap });
  if (n.seal) {
    const size = 42 * MM;
    doc.image(n.seal, margins.left + closeWidth - size + page.bodyPt, closeY - size / 3, { width: size, height: size });
  }

  // 页码: — 1 — under every page, 7 mm below the text area (drawn there with the margin lifted, or pdfkit would begin a page).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(page.pageNumberPt).fillColor("black").text(n.pageLabel(i + 1), margins.left, doc.page.height - margins.bottom + 7 * MM, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = margins.bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
