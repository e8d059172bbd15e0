import { normalizeCaseNumber } from "../cases/case-number";

export interface ParsedCommand<Name extends string> {
  name: Name;
  /** The case number, when the first argument is one. */
  number: string | null;
  /** Everything after the command and the number, line breaks kept. */
  rest: string;
}

/**
 * "/reply@MinqingBot MQ-20261123-0001 已派人处理" → { name: "reply", number, rest }.
 * A word without a slash counts only if it is a Chinese alias, so ordinary chat is not
 * mistaken for a command.
 */
export function parseCommand<Name extends string>(text: string, aliases: Record<string, Name>): ParsedCommand<Name> | null {
  const match = /^(\/?)([^\s@/]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const [, slash, word = "", args = ""] = match;
  const name = Object.hasOwn(aliases, word.toLowerCase()) ? aliases[word.toLowerCase()] : undefined;
  if (!name || (!slash && /^[a-z]+$/i.test(word))) return null;
  const trimmed = args.trim();
  const first = trimmed.split(/\s+/)[0] ?? "";
  const number = normalizeCaseNumber(first);
  return { name, number, rest: number ? trimmed.slice(first.length).trim() : trimmed };
}

/** Is this text meant as a command at all (so an unknown one gets a polite answer)? */
export function looksLikeCommand(text: string): boolean {
  return /^\/[A-Za-z]/.test(text.trim());
}
