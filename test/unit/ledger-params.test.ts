import { loadSettings } from "../../src/config/load";
import { csvDateTime, csvRow } from "../../src/case-filters/csv";
import { parseLedgerFilter, parseLedgerPage, parseLedgerSort } from "../../src/case-filters/filter";
import { InvalidField } from "../../src/case-filters/invalid-field";
import { Directory } from "../../src/config/directory";

const directory = new Directory(loadSettings({}).deployment);
const parse = (query: string) => parseLedgerFilter(new URLSearchParams(query), directory);
const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidField) return err.field;
    throw err;
  }
  return undefined;
};

describe("the ledger's query parameters", () => {
  test("every filter is read, lists either repeated or comma-separated", () => {
    expect(parse("state=submitted,accepted&state=in_progress&department=chengguan&category=city&community=dongjie&urgent=1&overdue=true&from=2026-02-01&to=2026-02-28&q=%20路灯%20")).toEqual({
      states: ["submitted", "accepted", "in_progress"],
      departmentId: "chengguan",
      categoryIds: ["city"],
      communityId: "dongjie",
      urgent: true,
      overdue: true,
      from: { day: "2026-02-01" },
      to: { day: "2026-02-28" },
      q: "路灯",
    });
    expect(parse("")).toEqual({});
  });

  test("a wrong value names its parameter", () => {
    expect(fieldOf(() => parse("state=lost"))).toBe("state");
    expect(fieldOf(() => parse("department=police"))).toBe("department");
    expect(fieldOf(() => parse("from=2026-02-30"))).toBe("from");
    expect(fieldOf(() => parse("from=2026-03-01&to=2026-02-01"))).toBe("to");
    expect(fieldOf(() => parse("urgent=maybe"))).toBe("urgent");
    expect(fieldOf(() => parse(`q=${"字".repeat(101)}`))).toBe("q");
    expect(fieldOf(() => parseLedgerSort(new URLSearchParams("sort=name")))).toBe("sort");
    expect(fieldOf(() => parseLedgerPage(new URLSearchParams("size=500")))).toBe("size");
    // Paging stops 10,000 rows deep: narrowing the filters is the better tool there.
    expect(fieldOf(() => parseLedgerPage(new URLSearchParams("page=202")))).toBe("page");
    expect(parseLedgerPage(new URLSearchParams("page=3&size=20"))).toEqual({ offset: 40, limit: 20 });
  });
});

describe("CSV for Excel", () => {
  test("quotes what needs it and keeps formulas typed by residents as text", () => {
    expect(csvRow(["MQ-1", 'he said "hi", twice', "line\nbreak", 3, null])).toBe('MQ-1,"he said ""hi"", twice","line\nbreak",3,\r\n');
    expect(csvRow(["=HYPERLINK(\"http://x\")", "+86 123", "@sum", "-1"])).toBe(`"'=HYPERLINK(""http://x"")",'+86 123,'@sum,'-1\r\n`);
  });

  test("times are the county's local time", () => {
    expect(csvDateTime(new Date("2026-01-31T16:30:00Z"), "Asia/Shanghai")).toBe("2026-02-01 00:30");
    expect(csvDateTime(null, "Asia/Shanghai")).toBe("");
  });
});
