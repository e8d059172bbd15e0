import { parseCadreCommand } from "../../src/commands/cadre-commands";
import { normalizeCaseNumber } from "../../src/cases/case-number";
import { parseResidentCommand } from "../../src/commands/resident-commands";

describe("cadre commands", () => {
  test("a command with a bot suffix, a number and a multi-line text", () => {
    expect(parseCadreCommand("/reply@MinqingBot MQ-20261123-0042 已派人处理\n明天上午到场")).toEqual({
      name: "reply",
      number: "MQ-20261123-0042",
      rest: "已派人处理\n明天上午到场",
    });
  });

  test("Chinese aliases work with or without a slash", () => {
    expect(parseCadreCommand("受理 mq-20261123-0042")).toMatchObject({ name: "accept", number: "MQ-20261123-0042" });
    expect(parseCadreCommand("/办结 已修复")).toEqual({ name: "resolve", number: null, rest: "已修复" });
    expect(parseCadreCommand("转办 MQ-20261123-0001 住建 不属于本部门")).toEqual({
      name: "transfer",
      number: "MQ-20261123-0001",
      rest: "住建 不属于本部门",
    });
  });

  test("ordinary group chat is not a command", () => {
    expect(parseCadreCommand("accept this please")).toBeNull();
    expect(parseCadreCommand("今天开会吗")).toBeNull();
    expect(parseCadreCommand("/unknown 1")).toBeNull();
  });
});

describe("resident commands", () => {
  test("status in English and Chinese", () => {
    expect(parseResidentCommand("/status")?.name).toBe("status");
    expect(parseResidentCommand("查询")?.name).toBe("status");
    expect(parseResidentCommand("/case MQ-20261123-0001")).toMatchObject({ name: "case", number: "MQ-20261123-0001" });
  });

  test("a description that starts like a command word is not one", () => {
    expect(parseResidentCommand("查看一下我们小区的电梯")).toBeNull();
  });
});

describe("case numbers as people type them", () => {
  test("lower case, full-width dashes and spaces are accepted", () => {
    expect(normalizeCaseNumber(" mq－20261123－0042 ")).toBe("MQ-20261123-0042");
  });

  test("anything else is not a case number", () => {
    expect(normalizeCaseNumber("MQ-2026-1")).toBeNull();
    expect(normalizeCaseNumber("'; DROP TABLE cases; --")).toBeNull();
  });
});
