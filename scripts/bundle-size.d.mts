/** Bytes of a bundle directory: read at start-up (index.mjs + statically imported chunks) and in total. */
export function bundleSize(dir: string): { startupBytes: number; totalBytes: number };
