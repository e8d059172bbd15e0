/**
 * Residents often write their phone or ID number into the appeal itself. Groups see the case,
 * never the person (信访 confidentiality), so such numbers are masked wherever a group reads the
 * text; the responsible cadre sees them in a private /case with the bot.
 */
const mobile = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const idCard = /(?<![\dXx])(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g;
const landline = /(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

export function maskPersonalNumbers(text: string): string {
  return text.replace(idCard, "$1********$2").replace(mobile, "$1****$2").replace(landline, "$1****$2");
}
