/**
 * A problem found inside one logical line, at an index of that line's text. The file
 * reader turns it into a RequirementsFileError with the physical file/line/column.
 */
export class LineError extends Error {
  constructor(
    message: string,
    /** Index in the logical line's text where the problem is. */
    readonly index: number,
    /** The offending text (a word or the whole requirement). */
    readonly text: string,
    readonly expected: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
