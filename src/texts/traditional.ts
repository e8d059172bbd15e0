import type { ConverterFunction } from "opencc-js/cn2t" with { "resolution-mode": "import" };
import type { NoticeTexts } from "./texts";

type OpenCC = typeof import("opencc-js/cn2t", { with: { "resolution-mode": "import" } });

let converter: ConverterFunction | undefined;

/** Simplified to Traditional (Taiwan's characters): one converter per process, made at its first use (its tables take tens of ms). */
function toTraditional(text: string): string {
  // opencc-js is an ES module with a CommonJS build; this CommonJS build can only require it.
  converter ??= (require("opencc-js/cn2t") as OpenCC).Converter({ from: "cn", to: "tw" });
  return converter(text);
}

/** The Simplified notices' words in Traditional characters: one legal text, written two ways. */
export function inTraditional(notice: NoticeTexts): NoticeTexts {
  return {
    title: (kind) => toTraditional(notice.title(kind)),
    // A name is the resident's own, written as they wrote it.
    addressee: (name) => (name === null ? toTraditional(notice.addressee(null)) : notice.addressee(name)),
    body: (kind, facts) => notice.body(kind, facts).map(toTraditional),
    number: notice.number,
    date: notice.date,
    page: notice.page,
  };
}
