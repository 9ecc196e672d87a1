/** An id for clientRequestId (retries of one submission reuse it). getRandomValues, unlike randomUUID, also works outside secure contexts. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
