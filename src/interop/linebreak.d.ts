// The linebreak package (UAX #14, the line breaking pdfkit itself uses) ships no types.
declare module 'linebreak' {
  interface Break {
    /** UTF-16 index at which a new line may start. */
    position: number;
    /** A mandatory break (a line or paragraph separator). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity, or null after the end of the text. */
    nextBreak(): Break | null;
  }
}
