/**
 * The local data folder (`.bantin/`, or BANTIN_DATA) belongs to one `npm start` at a time: its
 * DynamoDB stand-in holds a lock on the tables, and a second process on the same folder would
 * fail with an unreadable connection error. Each start claims the folder with a file naming its
 * process; one left by a process that has ended (killed) is taken over.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A data folder that cannot be used as it is: its message says why and what to do. */
export class DataFolderError extends Error {}

const CLAIM = 'bantin.pid';

/** Claims `dir` for this process; returns its release. */
export function claimDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, CLAIM);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new DataFolderError(
        `the data folder ${dir} is in use by another npm start (process ${holder}): stop it, or give this one another folder with BANTIN_DATA=… (if no such start runs, delete ${file})`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Gone already (a reset by hand): nothing to release.
    }
  };
}

/** Empties the folder for `--reset`, keeping this process's claim on it. */
export function emptyDataFolder(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name !== CLAIM) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** The process holding `dir` while it runs; undefined when none does (never started, stopped, killed). */
export function folderHolder(dir: string): number | undefined {
  try {
    const holder = Number.parseInt(readFileSync(join(dir, CLAIM), 'utf8'), 10);
    return holder > 0 && isRunning(holder) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
