/**
 * `npm run hash-password`: reads a password from standard input (so it stays out of the shell's
 * history) and prints the hash to put in the deployment file as a cadre's webPassword.
 */
import { hashPassword } from "../auth/passwords";

async function main(): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    if (chunk.includes(10)) break;
  }
  const password = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (password.length < 4) {
    console.error("A password needs at least 4 characters.");
    process.exit(2);
  }
  console.log(await hashPassword(password));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
