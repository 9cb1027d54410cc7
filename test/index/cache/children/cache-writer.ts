/**
 * Child process for the cache tests. Usage:
 *   cache-writer.ts put CACHE_DIR SEED:SIZE...   store generated content (known sha256), print the digests as JSON
 *   cache-writer.ts page CACHE_DIR URL BODY...   store pages, one per URL/BODY pair
 *   cache-writer.ts slow CACHE_DIR SEED SIZE     store SIZE bytes in small chunks, printing "writing" once
 *                                                 the temporary file exists (the parent kills it with SIGKILL)
 */
import { createHash } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { Cache } from '../../../../src/index/cache/index.js';
import { content } from './content.js';

async function* chunks(data: Buffer, size: number, announce?: () => void): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) {
    yield data.subarray(i, i + size);
    if (i === size * 4) announce?.();
    await tick();
  }
}

const [mode, dir, ...rest] = process.argv.slice(2);
if (mode === undefined || dir === undefined) throw new Error('usage: cache-writer.ts put|page|slow CACHE_DIR ...');
const cache = await Cache.open(dir);
if (mode === 'put') {
  const out: string[] = [];
  for (const spec of rest) {
    const [seed, size] = spec.split(':').map(Number);
    const data = content(seed!, size!);
    const sha256 = createHash('sha256').update(data).digest('hex');
    await cache.content.putStream(chunks(data, 16 * 1024), { sha256 });
    out.push(sha256);
  }
  console.log(JSON.stringify(out));
} else if (mode === 'page') {
  for (let i = 0; i + 1 < rest.length; i += 2) {
    await cache.pages.put({ url: rest[i]!, finalUrl: rest[i]!, accept: '*/*', headers: { 'cache-control': 'max-age=600' }, body: Buffer.from(rest[i + 1]!.repeat(10_000)) });
  }
  console.log('[]');
} else if (mode === 'slow') {
  const data = content(Number(rest[0]), Number(rest[1]));
  const sha256 = createHash('sha256').update(data).digest('hex');
  await cache.content.putStream(chunks(data, 8 * 1024, () => console.log(`writing ${sha256}`)), { sha256 });
  console.log('done');
}
