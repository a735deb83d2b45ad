"""Measurements of a page on a phone-sized screen (360 px): what a finger cannot hit, what is too small
to read, what lies past the right edge. Returned as lists the tests assert empty, with what was found."""

from __future__ import annotations

MEASURE = """() => {
  const visible = el => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && !el.closest('[aria-hidden=true]') && !el.closest('.label-sr-only > .widget-label');
  };
  const name = el =>
    (el.getAttribute('aria-label') || el.textContent || el.value || el.className || el.tagName)
      .toString().trim().slice(0, 40);
  const small = [];
  for (const el of document.querySelectorAll(
      'button, select, input:not([type=hidden]):not([type=checkbox]), textarea, [role=tab]')) {
    if (!visible(el) || el.disabled) continue;
    const r = el.getBoundingClientRect();
    const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
    if (r.height < 43.5 || r.width < 43.5) small.push(`${name(el)} ${size}`);
  }
  for (const el of document.querySelectorAll('input[type=checkbox]')) {
    if (!visible(el)) continue;
    const row = el.closest('.widget-checkbox') || el;  // the label is part of the target
    const r = row.getBoundingClientRect();
    if (r.height < 43.5) small.push(`checkbox ${name(row)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  const tiny = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el)) continue;
    if (el.closest('svg, .chart-numbers')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.5) tiny.add(`${node.textContent.trim().slice(0, 30)} (${size}px)`);
  }
  const wide = [];
  const width = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    // Past the edge, and not inside something that scrolls sideways on purpose (a wide table).
    let scroller = el.parentElement, inside = false;
    while (scroller && scroller !== document.body) {
      const o = getComputedStyle(scroller).overflowX;
      if (o === 'auto' || o === 'scroll') { inside = true; break; }
      scroller = scroller.parentElement;
    }
    const what = `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 3).join('.')}`;
    if (!inside && r.right > width + 1) wide.push(`${what} ${Math.round(r.right)}`);
  }
  return {small, tiny: [...tiny], wide, scroll: document.documentElement.scrollWidth - width};
}"""


def measure(page) -> dict:
    page.wait_for_timeout(300)
    return page.evaluate(MEASURE)
