// Fault injection at file renames, preloaded into a gold-nas process (`node --import <this file> …`).
// Every atomic write of gold-nas ends in a `rename` (src/node/atomicWrite.ts); this wraps it:
//   GOLD_NAS_RENAME_LOG=<file>    appends the target of every rename, one per line;
//   GOLD_NAS_KILL_AT_RENAME=<n>   SIGKILLs the process just before its n-th rename (1-based),
//                                 as `strace -e inject=rename:signal=KILL:when=<n>` would;
//   GOLD_NAS_ENOSPC_AT_RENAME=<n> fails the n-th rename with ENOSPC (a full disk), and every later one.
import { appendFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.GOLD_NAS_KILL_AT_RENAME ?? '0');
const enospcAt = Number(process.env.GOLD_NAS_ENOSPC_AT_RENAME ?? '0');
const log = process.env.GOLD_NAS_RENAME_LOG;
const original = fsPromises.rename;
let count = 0;
fsPromises.rename = async (from, to) => {
  count += 1;
  if (log !== undefined) appendFileSync(log, `${String(to)}\n`);
  if (count === killAt) {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  }
  if (enospcAt > 0 && count >= enospcAt) {
    throw Object.assign(new Error(`ENOSPC: no space left on device, rename '${String(from)}' -> '${String(to)}'`), { code: 'ENOSPC', errno: -28, syscall: 'rename' });
  }
  return original(from, to);
};
// The ES module bindings of node:fs/promises (`import { rename } from …`) follow the object.
syncBuiltinESMExports();
