// The API's validation messages, as a person filling in a form should read them.

/** The API's schema messages for a missing or blank value, said plainly; others as they are. */
export function friendlyMessage(message: string): string {
  if (message === 'Required.' || /expected [\w ]+, received (undefined|null)$/.test(message))
    return 'This is required.';
  if (/^Too small: expected (string|array) to have >=1 (characters?|items?)$/.test(message))
    return 'This is required.';
  return message;
}
