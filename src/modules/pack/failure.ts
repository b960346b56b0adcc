/** The first problem a pack check meets, with the file it is in: thrown, then reported. */
export class PackFailure extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const fail = (path: string, code: string, message: string): never => {
  throw new PackFailure(path, code, message);
};
