import type { RegisterMeta } from '../../lib/lookups';
import { sectionHref } from '../../router';

/** AI systems have a section of their own; every other register lives under Registers. */
export const registerHref = (slug: string, reg: Pick<RegisterMeta, 'key' | 'path'>) =>
  reg.key === 'ai_systems'
    ? sectionHref(slug, 'systems')
    : sectionHref(slug, 'registers', reg.path);

export const recordHref = (
  slug: string,
  reg: Pick<RegisterMeta, 'key' | 'path'>,
  id: string,
  ...more: string[]
) => [registerHref(slug, reg), encodeURIComponent(id), ...more.map(encodeURIComponent)].join('/');
