import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './backend.ts';

// A small tmpfs for the tests that need a full or a read-only disk. Only root on Linux can mount
// one; elsewhere (or where mounting is not allowed, as in an unprivileged container) the tests that
// need it are skipped with the reason this gives.

export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the disk is full (ENOSPC), leaving about `leaveBytes` free. */
  fill(leaveBytes?: number): void;
  /** Removes the filler. */
  free(): void;
  remount(options: 'ro' | 'rw'): void;
  unmount(): void;
}

/** Why a tmpfs cannot be mounted here, or null when it can (checked once by mounting one). */
export const tmpfsUnavailable: string | null = (() => {
  if (process.platform !== 'linux') return `a tmpfs needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (run the tests as root to include this)';
  try {
    mountSmallDisk(64 * 1024).unmount();
    return null;
  } catch (error) {
    return `mounting a tmpfs failed here: ${(error as Error).message.split('\n')[0]}`;
  }
})();

export function mountSmallDisk(sizeBytes: number): SmallDisk {
  const dir = tempDir('pos-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    fs.rmdirSync(dir);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(stderr || (error as Error).message, { cause: error });
  }
  const filler = path.join(dir, 'filler.bin');
  let mounted = true;
  return {
    dir,
    fill(leaveBytes = 0) {
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(16 * 1024, 0x5a);
      try {
        for (;;) {
          const { bavail, bsize } = fs.statfsSync(dir);
          const free = bavail * bsize;
          if (free <= leaveBytes) return;
          const size = Math.min(chunk.length, Math.max(free - leaveBytes, 1));
          fs.writeSync(fd, chunk, 0, size);
        }
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    remount(options) {
      execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
    },
    unmount() {
      if (!mounted) return;
      execFileSync('umount', [dir], { stdio: 'pipe' });
      mounted = false;
      fs.rmdirSync(dir);
    },
  };
}
