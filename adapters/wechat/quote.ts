/**
 * WeChat's quote reply (引用) as the puppets hand it over: one text with the quoted message's
 * author and text, a line of dashes, then what the person wrote, e.g.
 *
 *     「民情通：📥新诉求 MQ-20261123-0042 …」
 *     - - - - - - - - - - - - - - -
 *     已安排明天上午维修
 *
 * (wechaty-puppet-wechat4u writes 15 dashes, the pad puppets 16.) The quoted text may be cut short
 * by WeChat; the message id of the quoted message is not given.
 */
export interface Quote {
  /** The quoted message's author as the quoting person sees them (a group nickname, or the name). */
  author: string;
  quoted: string;
  /** What the person wrote. */
  reply: string;
}

const QUOTE = /^「([^：:\n]*)[：:]([\s\S]*)」\n(?:- ){5,}-?[ \t]*\n([\s\S]*)$/;

/** Pure: the parts of a quote reply, or null when the text is not one. */
export function parseQuote(text: string): Quote | null {
  const match = QUOTE.exec(text);
  if (match === null) return null;
  const [, author = "", quoted = "", reply = ""] = match;
  return { author: author.trim(), quoted, reply };
}
