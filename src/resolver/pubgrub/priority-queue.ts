/**
 * A binary max-heap of packages waiting for a decision. Entries are never updated in
 * place: a package whose priority changes is pushed again with a new stamp, and stale
 * entries are dropped when they reach the top.
 */
export interface QueueEntry<P> {
  readonly package: P;
  readonly priority: number;
  /** Tie-break: lower first. */
  readonly discovery: number;
  readonly stamp: number;
}

export class PriorityQueue<P> {
  private readonly heap: QueueEntry<P>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(entry: QueueEntry<P>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  peek(): QueueEntry<P> | undefined {
    return this.heap[0];
  }

  pop(): QueueEntry<P> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before<P>(a: QueueEntry<P>, b: QueueEntry<P>): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.discovery < b.discovery;
}
