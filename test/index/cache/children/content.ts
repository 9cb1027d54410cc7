/** Deterministic pseudo-random bytes for the cache tests (same seed, same bytes, in every process). */
export function content(seed: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}
