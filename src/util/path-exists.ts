/** Whether a path exists (and is reachable); never throws. */
import { access } from 'node:fs/promises';

export async function pathExists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
