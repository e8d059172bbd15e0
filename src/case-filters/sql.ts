/** Positional parameters for a query built in pieces; a named value is added once and reused. */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly named = new Map<string, string>();

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The same placeholder for every use of `name`, typed so PostgreSQL never has to guess. */
  once(name: string, value: unknown, type: string): string {
    const known = this.named.get(name);
    if (known) return known;
    const placeholder = `${this.add(value)}::${type}`;
    this.named.set(name, placeholder);
    return placeholder;
  }
}
