/**
 * Residents write their phone, ID card, bank card, plate number or e-mail into the appeal, and
 * cadres repeat them in replies and reasons. A case is confidential (信访): whatever leaves it for a
 * group chat, a card, a digest, an export or an API client passes through `maskPersonalData`, which
 * keeps enough to tell numbers apart (138****5678) and too little to call or find anyone. In the
 * chats only the case's responsible cadre, in private with the bot, reads the words as written (the
 * dashboard's case page, behind its sign-in, shows the case to its department as it is).
 *
 * People write numbers every way a keyboard allows: +86 and 0086 prefixes, spaces, hyphens and dots,
 * full-width digits and separators from a Chinese input method (１３８－１２３４), area codes in
 * brackets. So the text is first read through a "shadow" of the same length with every full-width
 * form folded to ASCII, patterns are found in the shadow, and the characters at the same positions
 * in the original are replaced by "*": the kept digits stay as the resident typed them, and the text
 * keeps its length (templates cut the appeal short; a cut through a masked number leaks nothing).
 *
 * What is not personal must stay as it was: dates (2026-11-23, 20261123), times, case numbers
 * (MQ-20261123-0042), amounts (¥12,345.67), house numbers (3号楼2单元501), postal codes, years. Hence
 * no bare "any long number" rule: every pattern has a shape (a mobile's 1[3-9] and 11 digits, an
 * area code, an ID's birth date, a card's groups of four) and a bare 7–8 digit number is taken
 * for a phone only right after a word that says so (电话, 座机, tel).
 */
export function maskPersonalData(text: string): string {
  // Nearly every text with nothing to mask is let through after this one test (the ledger export masks every appeal).
  if (!/[0-9\uff10-\uff19]{3}|[@\uff20]/.test(text)) return text;
  const shadow = shadowOf(text);
  // Code units, like the indices; what one pass hid, the next does not see again.
  const hidden = shadow.split("");
  let count = 0;
  const hide = (at: number) => {
    if (hidden[at] !== "*") count++;
    hidden[at] = "*";
  };
  maskEmails(shadow, hide);
  maskPlates(count > 0 ? hidden.join("") : shadow, hide);
  maskNumbers(count > 0 ? hidden.join("") : shadow, hide);
  if (count === 0) return text;
  const out = text.split("");
  for (let i = 0; i < out.length; i++) if (hidden[i] === "*" && shadow[i] !== "*") out[i] = "*";
  return out.join("");
}

type Hide = (at: number) => void;

const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xfe63]);

/** The text with full-width forms (０-９, Ａ-Ｚ, （）, ＋, －, ＠, the ideographic space) and other dashes as ASCII, one unit for one. */
function shadowOf(text: string): string {
  if (!/[\uff01-\uff5e\u3000\u00a0\u2010-\u2014\u2212\ufe63]/.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0xa0) out += " ";
    else if (DASHES.has(code)) out += "-";
    else out += text[i];
  }
  return out;
}

/** zhangsan@example.com → z*******@example.com: the domain says little, the name a lot. */
function maskEmails(shadow: string, hide: Hide): void {
  for (const m of shadow.matchAll(/(?<![\w.%+-])([\w.%+-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)) {
    const local = m[1]!;
    for (let i = 1; i < local.length; i++) hide(m.index + i);
  }
}

/**
 * Vehicle plates: a province, the city's letter, then five characters (six for new-energy cars), or
 * four and 学/警/挂/港/澳/领/使. 京A12345 → 京A****5, 粤B·D12345 → 粤B·*****5, 沪A 1234学 → 沪A ***4学.
 */
const PLATE =
  /([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Za-hj-np-z])([·•・ .-]?)([A-HJ-NP-Za-hj-np-z0-9]{4,6})([挂学警港澳领使]?)(?![A-Za-z0-9])/g;

function maskPlates(shadow: string, hide: Hide): void {
  for (const m of shadow.matchAll(PLATE)) {
    const serial = m[4]!;
    const special = m[5]!;
    const plain = serial.length === 5 || (serial.length === 6 && /^[DFdf]|[DFdf]$/.test(serial)) || (serial.length === 4 && special !== "");
    if (!plain || !/\d/.test(serial)) continue;
    const start = m.index + m[1]!.length + m[2]!.length + m[3]!.length;
    for (let i = 0; i < serial.length - 1; i++) hide(start + i);
  }
}

/** A run of digit groups as written: "+86 138-1234-5678", "(010)12345678", "110101 19900307 123X". */
interface Group {
  /** Positions in the text of this group's digits (and a final X of an ID). */
  at: number[];
  chars: string;
  bracketed: boolean;
  plus: boolean;
}

/**
 * A run starts at a digit, "+" or "(" that does not continue a number: not after a digit, not after
 * "MQ-" (case numbers, and ids like 0f8fad5b-d9cb-469f) nor after "3." (decimals). After a letter
 * it may: "Tel13812345678", "ID110101199003071234".
 */
const RUN_START = /(?<![0-9*])(?<![A-Za-z0-9]-)(?<![0-9]\.)(?:\(\+?\d|\+\d|\d)/g;
/** Between groups: up to three spaces, hyphens or dots ("138 1234 5678", "0755 - 8888"). */
const SEPARATOR = /^[ .-]{1,3}/;
const PHONE_WORD = /(?:电话|電話|手机|手機|座机|座機|联系方式|聯繫方式|联系我|聯繫我|(?<![A-Za-z])(?:tel|phone|mobile))[^0-9]{0,6}$/i;

function maskNumbers(shadow: string, hide: Hide): void {
  RUN_START.lastIndex = 0;
  for (let m = RUN_START.exec(shadow); m; m = RUN_START.exec(shadow)) {
    const { groups, end } = readRun(shadow, m.index);
    RUN_START.lastIndex = Math.max(end, m.index + 1);
    // Nothing we mask has fewer than 7 digits: "3号楼", "2026年" and "11月23日" stop here.
    if (groups.reduce((n, g) => n + g.at.length, 0) < 7) continue;
    const afterPhoneWord = PHONE_WORD.test(shadow.slice(Math.max(0, m.index - 12), m.index));
    // The longest stretch of groups that is a number we know, from each group on: "501 13812345678"
    // is a room and a phone; "138 1234 5678 2026" a phone and a year.
    for (let i = 0; i < groups.length; ) {
      let found = 0;
      for (let j = Math.min(groups.length, i + 7); j > i && !found; j--) {
        const keep = classify(groups.slice(i, j), i === 0 && afterPhoneWord);
        if (!keep) continue;
        for (const g of groups.slice(i, j)) {
          g.at.forEach((at, k) => {
            if (!keep(g, k)) hide(at);
          });
        }
        found = j;
      }
      i = found || i + 1;
    }
  }
}

function readRun(shadow: string, start: number): { groups: Group[]; end: number } {
  const groups: Group[] = [];
  let p = start;
  for (;;) {
    const bracketed = shadow[p] === "(";
    let q = bracketed ? p + 1 : p;
    // A country code's "+" only at the front: "+86 138…", "(+86)138…".
    const plus = groups.length === 0 && shadow[q] === "+";
    if (plus) q++;
    const at: number[] = [];
    while (q < shadow.length && isDigit(shadow[q]!)) at.push(q++);
    if (at.length === 0) break;
    if (bracketed) {
      if (shadow[q] !== ")") break;
      q++;
    } else if (/[Xx]/.test(shadow[q] ?? "") && !/[A-Za-z0-9]/.test(shadow[q + 1] ?? "")) {
      at.push(q++); // an ID card may end in X
    }
    groups.push({ at, chars: at.map((i) => shadow[i]).join(""), bracketed, plus });
    p = q;
    const sep = SEPARATOR.exec(shadow.slice(p, p + 3))?.[0].length ?? 0;
    const next = shadow[p + sep] ?? "";
    // Groups are apart by a separator, except after a bracketed area code: "(010)12345678".
    if (!(isDigit(next) || next === "(") || (sep === 0 && !bracketed)) break;
    p += sep;
  }
  return { groups, end: p };
}

function isDigit(ch: string): boolean {
  return ch >= "0" && ch <= "9";
}

/** Says, for a digit of a group, whether it stays visible. */
type Keep = (g: Group, index: number) => boolean;

/** What these groups are, as a rule for which digits stay; null when they are none of the numbers we mask. */
function classify(groups: Group[], afterPhoneWord: boolean): Keep | null {
  return phone(groups, afterPhoneWord) ?? idCard(groups) ?? bankCard(groups);
}

/** The digits of groups as one string, and for each of them its group and place, to keep by position in the whole. */
function flatten(groups: Group[]): { digits: string; keepBy: (pred: (pos: number, len: number) => boolean, offset?: number) => Keep } {
  const digits = groups.map((g) => g.chars).join("");
  const starts = new Map<Group, number>();
  let n = 0;
  for (const g of groups) {
    starts.set(g, n);
    n += g.chars.length;
  }
  return {
    digits,
    keepBy:
      (pred, offset = 0) =>
      (g, k) => {
        const pos = starts.get(g)! + k;
        return pos < offset || pred(pos - offset, digits.length - offset);
      },
  };
}

/**
 * Mobiles (138****5678) and landlines ((010)****5678, 0755 **** 9999, extensions kept), after an
 * optional country code (+86, 0086, (+86), or 86 glued to a mobile). The country and area codes stay.
 */
function phone(groups: Group[], afterPhoneWord: boolean): Keep | null {
  const { digits, keepBy } = flatten(groups);
  if (/[Xx]/.test(digits)) return null;
  const first = groups[0]!;
  let country = 0;
  if (first.plus && first.chars.startsWith("86")) country = 2;
  else if (first.chars.startsWith("0086")) country = 4;
  else if (/^861[3-9]\d{9}$/.test(digits) && groups.length <= 4) country = 2;
  if (first.plus && country === 0) return null;
  if (country > 0 && first.bracketed && first.chars.length !== country) return null;
  const national = digits.slice(country);
  const sizes = groupSizes(groups, country);

  if (/^1[3-9]\d{9}$/.test(national) && sizes.every((s) => s >= 3)) {
    return keepBy((pos) => pos < 3 || pos >= 7, country);
  }

  // The area code: 010 and 02x are three digits, the others four; without the 0 after a country code.
  const area = country > 0 ? (/^(10|2\d)/.test(national) ? 2 : /^[3-9]\d\d/.test(national) ? 3 : 0) : /^0(10|2\d)/.test(national) ? 3 : /^0[3-9]\d\d/.test(national) ? 4 : 0;
  // A bracketed area code is the whole bracket: "(0755)", not "(075588889999)".
  const bracketOk = !first.bracketed || country > 0 || first.chars.length === area;
  if (area > 0 && bracketOk) {
    const local = localNumber(sizes, area);
    if (local) return keepBy((pos) => pos < area || (pos >= area + local - 4 && pos < area + local) || pos >= area + local, country);
  }

  // A bare local number, where the words before it say it is a phone: "座机 8765 4321".
  if (afterPhoneWord && country === 0 && /^[2-9]\d{6,7}$/.test(national) && sizes.every((s) => s >= 3) && groups.every((g) => !g.bracketed)) {
    return keepBy((pos, len) => pos >= len - 4);
  }
  return null;
}

/** The groups' sizes once the country code is taken off the front. */
function groupSizes(groups: Group[], country: number): number[] {
  const sizes = groups.map((g) => g.chars.length);
  let left = country;
  while (left > 0 && sizes.length > 0) {
    const take = Math.min(left, sizes[0]!);
    sizes[0]! -= take;
    left -= take;
    if (sizes[0] === 0) sizes.shift();
  }
  return sizes;
}

/**
 * The local number's length (7 or 8) when the area code is a group of its own or the front of the
 * first one, the local number ends where a group ends, and at most a short extension follows.
 */
function localNumber(sizes: number[], area: number): number | null {
  if (sizes[0]! < area) return null;
  const rest = sizes[0] === area ? sizes.slice(1) : [sizes[0]! - area, ...sizes.slice(1)];
  let count = 0;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i]! < 3) return null;
    count += rest[i]!;
    if (count === 7 || count === 8) {
      const after = rest.slice(i + 1);
      if (after.length === 0 || (after.length === 1 && after[0]! <= 5)) return count;
    }
    if (count > 8) return null;
  }
  return null;
}

/** ID cards: 18 digits (the last may be X) or the old 15, with a real birth date; 110***********123X. */
function idCard(groups: Group[]): Keep | null {
  const { digits, keepBy } = flatten(groups);
  if (groups.length > 1 && (groups[0]!.chars.length !== 6 || groups.some((g) => g.chars.length < 3))) return null;
  if (groups.some((g) => g.bracketed || g.plus)) return null;
  const birth = /^[1-9]\d{5}((?:18|19|20)\d\d)(\d\d)(\d\d)\d{3}[\dXx]$/.exec(digits) ?? /^[1-9]\d{5}(\d\d)(\d\d)(\d\d)\d{3}$/.exec(digits);
  if (!birth) return null;
  const month = Number(birth[2]);
  const day = Number(birth[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return keepBy((pos, len) => pos < 3 || pos >= len - 4);
}

/** Bank cards: 16–19 digits, in one piece or in fours; the first and last four stay, as banks print them. */
function bankCard(groups: Group[]): Keep | null {
  const { digits, keepBy } = flatten(groups);
  if (!/^\d{16,19}$/.test(digits) || groups.some((g) => g.bracketed || g.plus)) return null;
  const fours = groups.every((g, i) => (i < groups.length - 1 ? g.chars.length === 4 : g.chars.length >= 1 && g.chars.length <= 4));
  if (groups.length > 1 && !fours) return null;
  return keepBy((pos, len) => pos < 4 || pos >= len - 4);
}
