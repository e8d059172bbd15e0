import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../../src/log";
import { MAX_WRONG_CODES_PER_ROOM, newBindCode, redeem } from "./bind-code";

/** One group's room, as the file keeps it. */
export interface RoomBinding {
  roomId: string;
  /** The room's topic when it was bound: for the people who read the file. */
  topic: string;
  boundAt: string;
}

interface BindingsFile {
  version: 1;
  /** Group (a configured topic or id) → its room. */
  rooms: Record<string, RoomBinding>;
}

export type RedeemResult =
  | { kind: "bound"; group: string }
  /** Not a pending code, or the room used up its tries: ignored, and the person is not told which. */
  | { kind: "wrong" }
  /** A right code typed in a room that is already another group's room: one room is one group. */
  | { kind: "room_taken"; group: string; takenBy: string };

/**
 * Which WeChat room is which group of the deployment. A room is bound once, by a person typing
 * the group's one-time code in it, and is known by its id from then on: a topic is only a name
 * that anyone can give their own room. Kept in a small JSON file (written whole, then renamed
 * over the old one), so a restart keeps them; without a file they last until the adapter stops.
 */
export class RoomBindings {
  private readonly rooms = new Map<string, RoomBinding>();
  /** Group → its code, while it waits for one. Codes live only in memory: a restart makes new ones. */
  private readonly codes = new Map<string, string>();
  /** Room id → wrong codes typed in it. */
  private readonly wrongTries = new Map<string, number>();

  constructor(
    /** The deployment's WeChat groups (topics or ids); bindings of other groups in the file are ignored. */
    readonly groups: readonly string[],
    private readonly file: string | undefined,
    private readonly logger: Logger,
  ) {
    if (file !== undefined) this.load(file);
  }

  /** The room bound to a group, if any. */
  roomOf(group: string): string | undefined {
    return this.rooms.get(group)?.roomId;
  }

  /** The group a room is bound to, if any. */
  groupOf(roomId: string): string | undefined {
    for (const [group, binding] of this.rooms) if (binding.roomId === roomId) return group;
    return undefined;
  }

  /** The group's code, made now if it has none: the group is to be bound (again) by a person. */
  codeFor(group: string): string {
    let code = this.codes.get(group);
    if (code === undefined) {
      code = newBindCode();
      this.codes.set(group, code);
    }
    return code;
  }

  /** Whether the group waits for its code to be typed. */
  isPending(group: string): boolean {
    return this.codes.has(group);
  }

  /** The group's room was found (a configured id, or its bound room is back): its code is void. */
  noCodeNeeded(group: string): void {
    this.codes.delete(group);
  }

  /** Groups waiting for their code to be typed, with the codes: for the operators' page. */
  pending(): { group: string; code: string }[] {
    return [...this.codes].map(([group, code]) => ({ group, code }));
  }

  /** Someone typed a code in a room: binds it if the code is a pending one. Each code works once. */
  redeem(typed: string, roomId: string, topic: string): RedeemResult {
    const tries = this.wrongTries.get(roomId) ?? 0;
    if (tries >= MAX_WRONG_CODES_PER_ROOM) return { kind: "wrong" };
    const group = redeem(typed, this.codes);
    if (group === undefined) {
      this.wrongTries.set(roomId, tries + 1);
      return { kind: "wrong" };
    }
    const takenBy = this.groupOf(roomId);
    if (takenBy !== undefined && takenBy !== group) return { kind: "room_taken", group, takenBy };
    this.codes.delete(group);
    this.rooms.set(group, { roomId, topic, boundAt: new Date().toISOString() });
    this.save();
    return { kind: "bound", group };
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<BindingsFile>;
      for (const [group, binding] of Object.entries(parsed.rooms ?? {})) {
        // A group no longer in the deployment lets go of its room (and leaves the file at the next save).
        if (this.groups.includes(group) && typeof binding?.roomId === "string" && binding.roomId !== "") this.rooms.set(group, binding);
      }
    } catch (err) {
      // Safe either way: with no bindings nothing goes to a room until a person binds it again.
      this.logger.error("wechat: the file of bound groups cannot be read; every group must be bound again", { file, error: String(err) });
    }
  }

  private save(): void {
    if (this.file === undefined) return;
    const content: BindingsFile = { version: 1, rooms: Object.fromEntries(this.rooms) };
    mkdirSync(dirname(this.file), { recursive: true });
    // Whole or not at all: a crash mid-write must not leave half a file that binds nothing, or the wrong room.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(content, null, 2) + "\n", { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
