// BullMQ refuses custom ids that contain ':' (its Redis key separator) or that parse as
// integers (its own counter's ids). Envelope delivery ids (`whd_<ULID>`) pass unchanged; the
// legacy body's signature-based key does not, so it is escaped. Every '%' of an escaped key is
// followed by "25" or "3A", so the "%%" prefix of an integer key cannot collide with one.

/** The BullMQ job id for a delivery's dedupe key: the key itself whenever BullMQ allows it. */
export function jobIdFor(dedupeKey: string): string {
  const escaped = dedupeKey.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `${Number.parseInt(escaped, 10)}` === escaped ? `%%${escaped}` : escaped;
}

/** The dedupe key a job id stands for: the inverse of {@link jobIdFor}. */
export function dedupeKeyFor(jobId: string): string {
  const escaped = jobId.startsWith('%%') ? jobId.slice(2) : jobId;
  return escaped.replace(/%3A/g, ':').replace(/%25/g, '%');
}
