/**
 * Where release blobs (the k3s binary, air-gap image archives) come from.
 * The runner only knows this interface; the CLI builds the real one from the
 * live session (release-client.ts), tests pass their own.
 */

/** A content-addressed blob named by an assignment's `k3sRelease`. */
export interface ReleaseBlob {
  /** Lowercase hex sha256: the blob's name on the coordinator and its checksum. */
  sha256: string;
  /** Size in bytes the assignment promises. */
  size: number;
}

/** An opened download. */
export interface BlobResponse {
  /** Offset of the first byte of `body`: 0 for a full answer, the requested offset for a range. */
  start: number;
  /** Size of the whole blob as the coordinator states it. */
  total: number;
  /** The bytes from `start`; iteration throws a {@link ReleaseError} when the transfer breaks off. */
  body: AsyncIterable<Buffer>;
}

/** Opens blobs for reading; rejects with a {@link ReleaseError}. */
export interface ReleaseSource {
  /** Opens `blob` from byte `offset` (0 for all of it); the source may answer with all of it instead. */
  open(blob: ReleaseBlob, opts: { offset: number; signal?: AbortSignal }): Promise<BlobResponse>;
}
