import qrcode from "qrcode-generator";

function encode(value: string): ReturnType<typeof qrcode> {
  const code = qrcode(0, "M");
  code.addData(value);
  code.make();
  return code;
}

/** The QR code in block characters, light on dark, for a terminal (WeChat's scanner reads it). */
export function terminalQr(value: string): string {
  return encode(value).createASCII(1, 2);
}

/** The QR code as an SVG element that scales with the page. */
export function svgQr(value: string): string {
  return encode(value).createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}
