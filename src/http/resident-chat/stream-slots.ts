/**
 * Open live-update streams per address and in total. Each holds a socket and a subscription for as
 * long as the browser likes, so without a cap one address could hold them all. Counted in this
 * process: a stream is this process's resource, whatever other instances hold.
 */
export class StreamSlots {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perAddressLimit: number,
    private readonly totalLimit: number,
  ) {}

  /** "ok" (a slot is now held: release it when the stream closes), or which cap is full. */
  hold(address: string): "ok" | "address" | "total" {
    if (this.total >= this.totalLimit) return "total";
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.perAddressLimit) return "address";
    this.perAddress.set(address, held + 1);
    this.total += 1;
    return "ok";
  }

  release(address: string): void {
    const held = this.perAddress.get(address) ?? 0;
    if (held === 0) return;
    if (held === 1) this.perAddress.delete(address);
    else this.perAddress.set(address, held - 1);
    this.total -= 1;
  }
}
