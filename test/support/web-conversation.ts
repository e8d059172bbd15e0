import { Case } from "../../src/db/entities/case";
import { webMessage } from "./messages";
import type { TestApp } from "./test-app";

/**
 * Residents and cadres talking to the core through web-chat messages, and what they were told,
 * read from the outbox (the same messages every channel sends).
 */
export function webConversation(t: TestApp, defaultGroup = "g-chengguan") {
  let residents = 0;
  const c = {
    newResident: () => `r-${t.database.settings.kind}-${process.pid}-${++residents}`,

    async send(chatId: string, fields: { text?: string; button?: string; deliveryId?: string; photos?: string[] }): Promise<void> {
      await t.app.inbound.handle(webMessage({ chatId, ...fields }));
      await t.settled();
    },

    /** `quoted`: the text of a message the cadre quotes (WeChat's quote reply). */
    async cadreSays(account: string, text: string, replyTo?: string, chatId = defaultGroup, quoted?: string): Promise<void> {
      await t.app.inbound.handle(webMessage({ chatId, senderId: account, group: true, text, replyTo, quoted }));
      await t.settled();
    },

    last: async (chatId: string): Promise<string> => (await t.outboxTexts(chatId)).at(-1) ?? "",

    /** The id of the case card the bot posted in a group, to reply to it. */
    async cardMessageId(number: string, chatId = defaultGroup): Promise<string> {
      const rows: { message_id: string }[] = await t.app.database.dataSource.query(
        `SELECT o.message_id FROM outbox o JOIN cases c ON c.id = o.case_id
         WHERE c.number = $1 AND o.chat_id = $2 AND o.status = 'sent' ORDER BY o.id LIMIT 1`,
        [number, chatId],
      );
      const id = rows[0]?.message_id;
      if (!id) throw new Error(`no card for ${number} in ${chatId}`);
      return id;
    },

    /** Files an appeal (describe, confirm) and returns its case number. */
    async fileAppeal(resident: string, text: string): Promise<string> {
      await c.send(resident, { text });
      await c.send(resident, { button: "confirm" });
      const receipt = (await t.outboxTexts(resident)).findLast((x) => x.includes("诉求已登记")) ?? "";
      const number = /MQ-\d{8}-\d{4}/.exec(receipt)?.[0];
      if (!number) throw new Error(`no receipt; the resident saw:\n${(await t.outboxTexts(resident)).join("\n---\n")}`);
      return number;
    },

    caseByNumber: (number: string): Promise<Case> => t.app.database.dataSource.getRepository(Case).findOneByOrFail({ number }),
  };
  return c;
}
