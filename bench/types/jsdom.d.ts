/** The part of jsdom the extraction bench uses (jsdom ships no type declarations). */
declare module 'jsdom' {
  /** Collects the page's console output and jsdom's own errors; without listeners, drops them. */
  export class VirtualConsole {}
  export class JSDOM {
    constructor(
      html?: string,
      options?: { url?: string; contentType?: string; virtualConsole?: VirtualConsole },
    );
    // biome-ignore lint/suspicious/noExplicitAny: a DOM Document; the project compiles without the DOM lib.
    readonly window: { document: any; close(): void };
  }
}
