import { z } from 'zod';
import { UUID_RE } from '../../kernel/ids.js';
import { ROLES } from '../../kernel/permissions.js';

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be an email address.' }))
  .describe('Email address; compared without regard to case.');
export const password = z
  .string()
  .min(12, 'Must be at least 12 characters.')
  .max(256, 'Must be at most 256 characters.')
  .describe('At least 12 characters.');
export const personName = z.string().trim().min(1).max(200).describe('Display name.');
export const orgName = z
  .string()
  .trim()
  .min(1, 'Must not be empty.')
  .max(200)
  .describe('Organization name.');
export const slug = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lower-case letters, digits and inner hyphens only.')
  .refine((s) => !UUID_RE.test(s), 'Must not look like an id.')
  .describe('URL name of the organization: lower-case letters, digits and hyphens.');
export const role = z.enum(ROLES).describe('Role in the organization.');

/** A slug made from a name: "Acme Health AI" → "acme-health-ai". */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return s.length >= 2 ? s : `org-${s || 'new'}`;
}

export const userView = z.object({ id: z.string(), email: z.string(), name: z.string() });
