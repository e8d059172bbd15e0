import { parseCommand, type ParsedCommand } from "./parse";
import type { CommandName } from "../texts/texts";

export type CadreCommandName = Exclude<CommandName, "withdraw" | "review"> | "help" | "chatid" | "dashboard";

/** Latin commands, and the Chinese words a cadre may type instead, with or without the slash. */
const aliases: Record<string, CadreCommandName> = {
  accept: "accept", 受理: "accept",
  reject: "reject", 不予受理: "reject", 驳回: "reject", 駁回: "reject",
  reply: "reply", 答复: "reply", 答覆: "reply", 回复: "reply", 回覆: "reply",
  transfer: "transfer", 转办: "transfer", 轉辦: "transfer", 转交: "transfer", 轉交: "transfer",
  resolve: "resolve", 办结: "resolve", 辦結: "resolve",
  note: "note", 备注: "note", 備註: "note",
  assign: "assign", 指派: "assign",
  mine: "mine", 我的: "mine", 待办: "mine", 待辦: "mine",
  case: "case", 查看: "case", 详情: "case", 詳情: "case",
  extend: "extend", 延期: "extend", 申请延期: "extend", 申請延期: "extend",
  approve: "approve", 批准: "approve", 批准延期: "approve", 同意延期: "approve",
  deny: "deny", 不批准: "deny", 不批准延期: "deny", 驳回延期: "deny", 駁回延期: "deny",
  help: "help", 帮助: "help", 幫助: "help", start: "help",
  chatid: "chatid",
  dashboard: "dashboard", 台账: "dashboard", 臺賬: "dashboard", 登录: "dashboard", 登入: "dashboard",
};

export function parseCadreCommand(text: string): ParsedCommand<CadreCommandName> | null {
  return parseCommand(text, aliases);
}
