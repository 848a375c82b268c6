/**
 * Stack traces of a bundled function in terms of its TypeScript sources, as Node's
 * `--enable-source-maps` writes them, but the map is read at the first stack trace instead of at
 * every cold start: with the option, Node reads and decodes the map of each module as it loads
 * it, which cost the largest bundles about a third of their init. The mapping itself is Node's
 * (node:module SourceMap).
 */
import type { SourceMap } from 'node:module';

// Taken from the runtime, not imported: the ESM facade of node:fs alone costs milliseconds of init.
const { existsSync, readFileSync } = process.getBuiltinModule('node:fs');
const { SourceMap: NodeSourceMap } = process.getBuiltinModule('node:module');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

/**
 * Maps the stack traces of the module at `moduleUrl` (a bundle: `import.meta.url`) through the
 * `.map` beside it, read when a stack is first formatted. Nothing happens when there is no map
 * (the sources run as they are) or when Node maps stacks itself.
 */
export function mapStackTracesLazily(moduleUrl: string): boolean {
  if (process.sourceMapsEnabled || !moduleUrl.startsWith('file:')) return false;
  const bundle = fileURLToPath(moduleUrl);
  const mapFile = `${bundle}.map`;
  if (!existsSync(mapFile)) return false;
  let map: SourceMap | null | undefined;
  // Sources are relative to the map, as Node resolves them.
  const sourcePath = (source: string) => fileURLToPath(new URL(source, pathToFileURL(mapFile)));
  const mapOf = (frame: NodeJS.CallSite | undefined) => {
    const file = frame?.getFileName();
    if (!frame || (file !== moduleUrl && file !== bundle)) return undefined;
    if (map === undefined) {
      try {
        map = new NodeSourceMap(JSON.parse(readFileSync(mapFile, 'utf-8')));
      } catch {
        map = null;
      }
    }
    const origin = map?.findOrigin(frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
    return origin && 'fileName' in origin ? origin : undefined;
  };
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    const lines = frames.map((frame, i) => {
      const origin = mapOf(frame);
      if (!origin) return `    at ${frame}`;
      // The name of a function is that of the call to it, one frame down (as Node does).
      const name = mapOf(frames[i + 1])?.name || frame.getFunctionName();
      const type = frame.getTypeName();
      const location = `${sourcePath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
      const prefix = `${frame.isAsync() ? 'async ' : ''}${frame.isConstructor() ? 'new ' : ''}`;
      if (!name) return `    at ${prefix}${location}`;
      return `    at ${prefix}${type && type !== 'global' && !frame.isConstructor() ? `${type}.` : ''}${name} (${location})`;
    });
    return [headerOf(error), ...lines].join('\n');
  };
  return true;
}

function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}
