import { parseCommand, type ParsedCommand } from "./parse";
import { actionCommands } from "../cases/actions";
import type { ActionCommandName } from "../cases/actions/spec";

/** The commands that take no case action: reading (mine, case) and the desk's own (help, chatid, dashboard). */
type DeskCommandName = "mine" | "case" | "help" | "chatid" | "dashboard";

export type CadreCommandName = DeskCommandName | ActionCommandName;

/** Latin commands, and the Chinese words a cadre may type instead, with or without the slash. */
const deskAliases: Record<string, DeskCommandName> = {
  mine: "mine", 我的: "mine", 待办: "mine", 待辦: "mine",
  case: "case", 查看: "case", 详情: "case", 詳情: "case",
  help: "help", 帮助: "help", 幫助: "help", start: "help",
  chatid: "chatid",
  dashboard: "dashboard", 台账: "dashboard", 臺賬: "dashboard", 登录: "dashboard", 登入: "dashboard",
};

/** The desk's words and every action's (its spec's `chat.words`): a word meaning two commands is a mistake caught at start. */
const aliases: Record<string, CadreCommandName> = { ...deskAliases };
for (const { command, words } of actionCommands) {
  for (const word of words) {
    const key = word.toLowerCase();
    if (Object.hasOwn(aliases, key)) throw new Error(`The cadre command word "${word}" means both ${aliases[key]} and ${command}`);
    aliases[key] = command;
  }
}

export function parseCadreCommand(text: string): ParsedCommand<CadreCommandName> | null {
  return parseCommand(text, aliases);
}
