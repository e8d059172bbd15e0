import { maskPersonalData } from "../../src/cases/personal-data";
import { loadSettings } from "../../src/config/load";
import { ledgerCsvLines } from "../../src/http/dashboard/ledger-csv";
import type { LedgerRow } from "../../src/db/repositories/ledger-repository";
import { Directory } from "../../src/config/directory";
import { textsFor } from "../../src/texts";
import { negatives, positives, type Positive } from "../fixtures/personal-data-corpus";

/** Read as a person would: full-width folded to ASCII, separators gone, so "１３８ 1234" is 1381234. */
function readable(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000.\-—()+·]/g, "");
}

/** Every `run` consecutive characters of the secret, each of which would say too much. */
function pieces(p: Positive): string[] {
  const run = p.run ?? 5;
  const secret = readable(p.secret);
  return Array.from({ length: secret.length - run + 1 }, (_, i) => secret.slice(i, i + run));
}

describe("masking personal data", () => {
  test("the corpus has at least 40 positive formats, half- and full-width, every kind", () => {
    expect(positives.length).toBeGreaterThanOrEqual(40);
    expect(new Set(positives.map((p) => p.kind))).toEqual(new Set(["mobile", "landline", "id", "bank card", "plate", "e-mail"]));
    expect(positives.some((p) => /[\uff10-\uff19]/.test(p.text))).toBe(true);
  });

  test.each(positives.map((p) => [p.kind, p.text, p] as const))("%s %s: no identifying run survives", (_kind, text, p) => {
    const masked = maskPersonalData(text);
    const seen = readable(masked);
    for (const piece of pieces(p)) expect(seen).not.toContain(piece);
    expect(masked).toContain("*");
  });

  test.each(positives.map((p) => [p.text]))("%s: masking only hides characters, and masking again changes nothing", (text) => {
    const masked = maskPersonalData(text);
    expect(masked).toHaveLength(text.length);
    for (let i = 0; i < text.length; i++) expect([text[i], "*"]).toContain(masked[i]);
    expect(maskPersonalData(masked)).toBe(masked);
  });

  test("keeps enough to tell numbers apart", () => {
    expect(maskPersonalData("13812345678")).toBe("138****5678");
    expect(maskPersonalData("+86 138-1234-5678")).toBe("+86 138-****-5678");
    expect(maskPersonalData("１３８１２３４５６７８")).toBe("１３８****５６７８");
    expect(maskPersonalData("(010)12345678")).toBe("(010)****5678");
    expect(maskPersonalData("0755 8888 9999")).toBe("0755 **** 9999");
    expect(maskPersonalData("0591-87654321-8001")).toBe("0591-****4321-8001");
    expect(maskPersonalData("11010119900307123X")).toBe("110***********123X");
    expect(maskPersonalData("6222 0212 3456 7890")).toBe("6222 **** **** 7890");
    expect(maskPersonalData("京A12345")).toBe("京A****5");
    expect(maskPersonalData("粤B·D12345")).toBe("粤B·*****5");
    expect(maskPersonalData("沪A 1234学")).toBe("沪A ***4学");
    expect(maskPersonalData("zhangsan@example.com")).toBe("z*******@example.com");
  });

  test.each(negatives.map((n) => [n]))("%s stays as written", (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  test("in a real appeal, the personal numbers go and everything else stays", () => {
    const appeal =
      "我叫王小明，2026年11月23日下午3点在3号楼2单元501发现漏水，已付维修费3000元（¥1,200.50）。" +
      "电话138 1234 5678，座机（0591）8765 4321，身份证110101 19900307 123X，车牌闽A·12345，邮箱wxm@qq.com。上次的诉求是MQ-20261120-0007。";
    const masked = maskPersonalData(appeal);
    for (const secret of ["1381234", "12345678", "87654321", "8765", "19900307", "A12345", "wxm@"]) expect(readable(masked)).not.toContain(secret);
    for (const kept of ["2026年11月23日下午3点", "3号楼2单元501", "3000元", "¥1,200.50", "MQ-20261120-0007", "138 **** 5678", "（0591）**** 4321", "闽A·****5", "w**@qq.com"]) {
      expect(masked).toContain(kept);
    }
  });

  test("emoji and other characters outside the basic plane do not shift what is masked", () => {
    expect(maskPersonalData("🙏🙏请回电13812345678🙏")).toBe("🙏🙏请回电138****5678🙏");
  });

  // How fast is the bench's business (`npm run bench`); this holds a text as long as an export's
  // longest, where a pattern that backtracks would run into the test's timeout instead.
  test("a long text is masked whole: every phone number in it, nothing else", () => {
    const text = "东街社区3号楼前的路灯坏了一个星期了，2026年11月23日，电话13812345678。".repeat(100);
    const masked = maskPersonalData(text);
    expect(masked.match(/138\*\*\*\*5678/g)).toHaveLength(100);
    expect(masked.match(/2026年11月23日/g)).toHaveLength(100);
  });
});

describe("the ledger's CSV export", () => {
  test("carries the appeal with its personal data masked, the rest as written", () => {
    const at = new Date("2026-11-23T02:00:00Z");
    const row: LedgerRow = {
      id: 1, number: "MQ-20261123-0001", channel: "web", chatId: "r-1", state: "submitted", categoryId: "city", communityId: "dongjie",
      departmentId: "chengguan", cadreId: "wang", urgent: false, text: "3号楼路灯坏了，电话 138 1234 5678，身份证110101199003071234",
      createdAt: at, answerDueAt: at, acceptedAt: null, firstAnswerAt: null, resolvedAt: null, closedAt: null, updatedAt: at,
      rating: null, location: null, photoCount: 0, overdue: false, accusedDepartmentId: null, accusedCadreId: null,
    };
    const csv = ledgerCsvLines([row], textsFor("zh-Hans"), new Directory(loadSettings({}).deployment));
    expect(csv).toContain("3号楼路灯坏了，电话 138 **** 5678，身份证110***********1234");
    expect(csv).toContain("MQ-20261123-0001");
    expect(csv).not.toMatch(/1234 5678|19900307/);
  });
});
