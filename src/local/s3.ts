import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { S3Event } from 'aws-lambda';

/** The part of s3rver 3 we use (it ships no type declarations). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3Event) => void): void;
  httpServer?: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS without types: load it through require and give it the shape we rely on.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface LocalS3Options {
  /** Where objects live on disk (persisted across restarts). */
  dir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback by default: the stand-in checks no signatures, so it must not be reachable from the network. */
  host?: string;
  /** Buckets to create at start (existing ones are kept). */
  buckets?: string[];
  /**
   * Called with the S3 event notification payload (AWS's documented shape) after every upload, like S3
   * invoking a Lambda. Errors are the listener's to handle: the upload has already succeeded.
   */
  onEvent?: (event: S3Event) => void;
}

export interface RunningLocalS3 {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Every local bucket lets browsers PUT and GET from any origin: the admin console uploads product images
 * straight to a presigned URL, as it does to the bucket on AWS (whose CORS rule names the console's origin).
 * Any origin, because this stand-in listens on loopback only and checks no signatures: an origin check
 * would protect nothing here.
 */
const BROWSER_ACCESS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** Starts s3rver (the S3 REST protocol on the local filesystem) in this process. */
export async function startLocalS3(options: LocalS3Options): Promise<RunningLocalS3> {
  const host = options.host ?? '127.0.0.1';
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    directory: options.dir,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [BROWSER_ACCESS] })),
    // Path-style only: `bucket.localhost` names do not resolve everywhere.
    vhostBuckets: false,
  });
  const { onEvent } = options;
  if (onEvent !== undefined) {
    server.on('event', (event) => {
      // s3rver also reports deletions; S3 is configured to notify the image Lambda of creations only.
      if (event.Records.some((record) => record.eventName.startsWith('ObjectCreated:'))) onEvent(event);
    });
  }
  const { port } = await server.run();
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      // Keep-alive sockets from SDK clients would otherwise hold close() open until they time out.
      server.httpServer?.closeIdleConnections();
      await server.close();
    },
  };
}
