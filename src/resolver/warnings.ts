/**
 * Things the user should know about a resolution that did not stop it (a missing extra,
 * a yanked pin, an invalid Requires-Python ignored). Collected once each, reported sorted,
 * so that the list does not depend on the order answers arrived in.
 */
export class Warnings {
  private readonly seen = new Set<string>();

  add(message: string): void {
    this.seen.add(message);
  }

  list(): string[] {
    return [...this.seen].sort();
  }
}
