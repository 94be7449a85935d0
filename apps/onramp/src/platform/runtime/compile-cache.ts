// Node's on-disk cache of compiled code (node:module enableCompileCache): a restart of the server,
// or a CLI command, reuses the bytecode of the modules it compiled last time instead of compiling
// them again. Imported first by main.ts and cli.ts. NODE_COMPILE_CACHE names the folder (default:
// the system's temporary folder); NODE_DISABLE_COMPILE_CACHE=1 turns it off. A folder that cannot
// be written only means no cache.
import { enableCompileCache } from 'node:module';

enableCompileCache();
