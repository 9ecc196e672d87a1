/**
 * A metric label taken from text a client controls (an operation name), kept bounded so a client
 * cannot create metric series without limit: known values pass as they are, then the first
 * `spareSlots` other well-formed values, and anything else is reported as "other".
 */
const WELL_FORMED = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const OTHER = 'other';

export class BoundedLabel {
  private readonly known: Set<string>;
  private readonly spare = new Set<string>();

  constructor(known: Iterable<string> = [], private readonly spareSlots = 0) {
    this.known = new Set(known);
  }

  of(value: string | null | undefined): string {
    if (!value) return 'anonymous';
    if (this.known.has(value) || this.spare.has(value)) return value;
    if (this.spare.size < this.spareSlots && WELL_FORMED.test(value)) {
      this.spare.add(value);
      return value;
    }
    return OTHER;
  }
}
