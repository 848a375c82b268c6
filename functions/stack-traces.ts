/**
 * Stack traces of a bundled function in terms of its TypeScript sources, as Node's
 * `--enable-source-maps` writes them, but the map is read at the first stack trace instead of at
 * every cold start: with the option, Node reads and decodes the map of each module as it loads
 * it, which cost the largest bundles about a third of their init. The mapping itself is Node's
 * (node:module SourceMap).
 */
import type { SourceMap } from 'node:module';

/**
 * `true` in a function's bundle: infra/bundling.ts defines it, and writes the map beside the
 * bundle. So a cold start looks up no file to learn whether there is a map; undefined in the sources.
 */
declare const BANTIN_BUNDLE_HAS_MAP: boolean | undefined;

/**
 * Maps the stack traces of the module at `moduleUrl` (a bundle: `import.meta.url`) and of the
 * files split from it beside it through their `.map` files, each read when a stack first shows
 * one of its frames (a frame whose map is missing or unreadable stays as it is). Nothing happens
 * when the code is not bundled (the sources run as they are) or when Node maps stacks itself.
 */
export function mapStackTracesLazily(moduleUrl: string): boolean {
  const bundled = typeof BANTIN_BUNDLE_HAS_MAP !== 'undefined' && BANTIN_BUNDLE_HAS_MAP;
  if (!bundled || process.sourceMapsEnabled || !moduleUrl.startsWith('file:')) return false;
  // Taken from the runtime at the first stack trace, not imported: nothing of this runs at init.
  const load = () => {
    const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');
    const { dirname } = process.getBuiltinModule('node:path');
    const { readFileSync } = process.getBuiltinModule('node:fs');
    const { SourceMap: NodeSourceMap } = process.getBuiltinModule('node:module');
    return { fileURLToPath, pathToFileURL, dirname, readFileSync, NodeSourceMap };
  };
  let loaded: ReturnType<typeof load> | undefined;
  const builtins = () => (loaded ??= load());
  let bundleDir: string | undefined;
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (frame: NodeJS.CallSite | undefined) => {
    const node = builtins();
    bundleDir ??= node.dirname(node.fileURLToPath(moduleUrl));
    const name = frame?.getFileName();
    const file = name?.startsWith('file:') ? node.fileURLToPath(name) : name;
    // The bundle's own files only: the bundle and the files split from it, beside it.
    if (!frame || !file || node.dirname(file) !== bundleDir) return undefined;
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = new node.NodeSourceMap(JSON.parse(node.readFileSync(`${file}.map`, 'utf-8')));
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    const origin = map?.findOrigin(frame.getLineNumber() ?? 0, frame.getColumnNumber() ?? 0);
    return origin && 'fileName' in origin ? { ...origin, mapFile: `${file}.map` } : undefined;
  };
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    const lines = frames.map((frame, i) => {
      const origin = mapOf(frame);
      if (!origin) return `    at ${frame}`;
      const node = builtins();
      // The name of a function is that of the call to it, one frame down (as Node does).
      const name = mapOf(frames[i + 1])?.name || frame.getFunctionName();
      const type = frame.getTypeName();
      // Sources are relative to the map, as Node resolves them.
      const source = node.fileURLToPath(new URL(origin.fileName, node.pathToFileURL(origin.mapFile)));
      const location = `${source}:${origin.lineNumber}:${origin.columnNumber}`;
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
