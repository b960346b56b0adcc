// Wide content (tables, the heat map) scrolls inside its card rather than widening the page. A box
// that scrolls must be reachable by keyboard, or its hidden part cannot be read without a mouse:
// this gives each such box a tab stop while, and only while, its content is wider than it is.
import { useEffect } from 'react';

const SCROLLERS = '.table-wrap, .heatmap-wrap, .panel';
const MARK = 'data-scroll-stop';

function mark(root: HTMLElement) {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(SCROLLERS))) {
    const style = getComputedStyle(el);
    const scrolls =
      (style.overflowX === 'auto' || style.overflowX === 'scroll') &&
      el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0;
      el.setAttribute(MARK, '');
      if (!el.hasAttribute('aria-label') && !el.hasAttribute('aria-labelledby')) {
        const caption = el.querySelector('caption, table[aria-label], h2, h3');
        const name = caption?.getAttribute('aria-label') ?? caption?.textContent ?? '';
        if (name) el.setAttribute('aria-label', `${name.trim()} (scrolls sideways)`);
        el.setAttribute('role', 'region');
      }
    } else if (!scrolls && el.hasAttribute(MARK)) {
      el.removeAttribute('tabindex');
      el.removeAttribute(MARK);
      if (
        el.getAttribute('role') === 'region' &&
        el.getAttribute('aria-label')?.endsWith('(scrolls sideways)')
      ) {
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  }
}

/** Keeps the scrolling boxes under the element with this id reachable by keyboard. */
export function useKeyboardScrollRegions(rootId: string) {
  useEffect(() => {
    const root = document.getElementById(rootId);
    if (!root) return;
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        mark(root);
      });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(root, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [rootId]);
}
