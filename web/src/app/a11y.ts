/**
 * Accessible names and keyboard reach for what Ant Design renders without them (issue 18, WCAG 2.0
 * AA / GB/T 37668-2019), fixed once for every page instead of in each module:
 *
 * - A select's search input (`role=combobox`) has no name when its form item has no label (list
 *   filters show only a placeholder such as 「全部类别」): it takes the form item's label, else the
 *   placeholder, else the select's `title`. Names given by the page (`aria-label`, a `<label for>`)
 *   are kept.
 * - A table that scrolls sideways (phone width, wide tables) is a region keyboard users must be able
 *   to scroll: it becomes focusable (`tabindex=0`) while it scrolls.
 * - A progress bar (`role=progressbar`) has no name: it takes its `aria-labelledby`/`aria-label`
 *   from the page when given, else 「进度 60%」 (its `aria-valuenow`, in the page's language).
 * - The tab bar's overflow button (「…」, shown when tabs do not fit) sits inside `role=tablist`,
 *   where only tabs may be: it is moved out of the list's accessibility tree (`role=none` on its
 *   wrapper keeps it a button reachable by keyboard, outside the tab list's required children).
 *
 * One MutationObserver on the document applies these after each render; each fix is idempotent.
 */
import { useEffect } from 'react';

const AUTO = 'data-jc-auto-name';

function textOf(element: Element | null | undefined): string {
  return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function hasOwnName(input: HTMLInputElement): boolean {
  if (input.hasAttribute('aria-labelledby')) return true;
  if (input.hasAttribute('aria-label') && !input.hasAttribute(AUTO)) return true;
  if (input.labels && input.labels.length > 0 && textOf(input.labels[0]) !== '') return true;
  return false;
}

function nameSelects(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[role="combobox"]')) {
    if (hasOwnName(input)) continue;
    const select = input.closest('.ant-select');
    const label = textOf(input.closest('.ant-form-item')?.querySelector('.ant-form-item-label label'));
    const placeholder = textOf(select?.querySelector('.ant-select-placeholder'));
    // The placeholder disappears once a value is chosen: keep the name it gave.
    const name = label || placeholder || select?.getAttribute('title') || input.getAttribute(AUTO) || '';
    if (!name) continue;
    if (input.getAttribute('aria-label') !== name) input.setAttribute('aria-label', name);
    if (input.getAttribute(AUTO) !== name) input.setAttribute(AUTO, name);
  }
}

function focusScrollingTables(root: ParentNode): void {
  for (const region of root.querySelectorAll<HTMLElement>(
    '.ant-table-container, .ant-table-content, .ant-table-body',
  )) {
    const scrolls = region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight;
    if (scrolls && !region.hasAttribute('tabindex')) region.tabIndex = 0;
  }
}

function nameProgressBars(root: ParentNode): void {
  const word = document.documentElement.lang.startsWith('zh') ? '进度' : 'Progress';
  for (const bar of root.querySelectorAll<HTMLElement>('[role="progressbar"]')) {
    if (bar.hasAttribute('aria-labelledby')) continue;
    if (bar.hasAttribute('aria-label') && !bar.hasAttribute(AUTO)) continue;
    const now = bar.getAttribute('aria-valuenow');
    const name = now ? `${word} ${now}%` : word;
    if (bar.getAttribute('aria-label') !== name) bar.setAttribute('aria-label', name);
    if (bar.getAttribute(AUTO) !== name) bar.setAttribute(AUTO, name);
  }
}

function unlistTabOverflow(root: ParentNode): void {
  for (const more of root.querySelectorAll<HTMLElement>('[role="tablist"] .ant-tabs-nav-operations')) {
    if (more.getAttribute('role') !== 'none') more.setAttribute('role', 'none');
    const button = more.querySelector('button');
    if (button && button.getAttribute('role') !== 'tab') {
      // A tab that opens the list of tabs that do not fit: the only child role a tablist allows.
      button.setAttribute('role', 'tab');
      button.setAttribute('aria-selected', 'false');
    }
  }
}

export function applyAccessibilityFixes(root: ParentNode = document): void {
  nameSelects(root);
  focusScrollingTables(root);
  nameProgressBars(root);
  unlistTabOverflow(root);
}

/** Keeps the fixes above applied while the app renders (mounted once, at the root). */
export function useAccessibilityFixes(): void {
  useEffect(() => {
    let scheduled = 0;
    const run = () => {
      scheduled = 0;
      applyAccessibilityFixes();
    };
    const schedule = () => {
      if (!scheduled) scheduled = window.requestAnimationFrame(run);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', schedule);
    run();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (scheduled) window.cancelAnimationFrame(scheduled);
    };
  }, []);
}
