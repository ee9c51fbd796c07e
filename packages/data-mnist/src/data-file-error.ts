/**
 * Thrown when a data file cannot be used: wrong magic number, unknown element type, truncated
 * data, counts that disagree, a checksum mismatch, a server that cannot be reached. The message
 * starts with the file, then says what is wrong.
 *
 * @example
 * throw new DataFileError("train-labels-idx1-ubyte", "truncated: 60000 labels declared, 512 present");
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "DataFileError";
  }
}
