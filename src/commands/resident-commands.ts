import { parseCommand, type ParsedCommand } from "./parse";

export type ResidentCommandName = "start" | "help" | "status" | "case" | "withdraw" | "review" | "cancel" | "chatid";

const aliases: Record<string, ResidentCommandName> = {
  start: "start", 开始: "start", 開始: "start",
  help: "help", 帮助: "help", 幫助: "help",
  status: "status", 查询: "status", 查詢: "status", 进度: "status", 進度: "status", 我的诉求: "status", 我的訴求: "status",
  case: "case", 查看: "case",
  withdraw: "withdraw", 撤回: "withdraw",
  review: "review", 复查: "review", 複查: "review", 申请复查: "review", 申請複查: "review",
  cancel: "cancel",
  chatid: "chatid",
};

export function parseResidentCommand(text: string): ParsedCommand<ResidentCommandName> | null {
  return parseCommand(text, aliases);
}
