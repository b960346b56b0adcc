// What the web app's forms say for the API's validation messages, checked against zod's own.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { friendlyMessage } from '../web/src/lib/messages.js';

const messageOf = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error!.issues[0]!.message;

describe('form messages', () => {
  it('says "This is required." for a missing, null, blank or empty value', () => {
    const title = z.object({ title: z.string().trim().min(1) });
    expect(friendlyMessage(messageOf(title, {}))).toBe('This is required.');
    expect(friendlyMessage(messageOf(title, { title: null }))).toBe('This is required.');
    expect(friendlyMessage(messageOf(title, { title: '   ' }))).toBe('This is required.');
    expect(friendlyMessage(messageOf(z.array(z.string()).min(1), []))).toBe('This is required.');
  });

  it('leaves every other message as it is', () => {
    const long = messageOf(z.string().max(3), 'abcd');
    expect(friendlyMessage(long)).toBe(long);
    expect(friendlyMessage(messageOf(z.string().min(2), 'a'))).not.toBe('This is required.');
    expect(friendlyMessage('Lower-case letters, digits and underscores.')).toBe(
      'Lower-case letters, digits and underscores.',
    );
  });
});
