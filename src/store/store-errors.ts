// Errors the outbound stores raise for conditions a client caused; the API layer maps them to 409/404.
export class DuplicateError extends Error {
  constructor(public field: string, message: string) { super(message); }
}

export class MissingError extends Error {
  constructor(public what: string) { super(`${what} not found`); }
}
