// What the browser benches read inside the page, with the page's own clock (performance.now(), whose zero is
// the navigation's start, performance.timeOrigin): no round trip to the bench process is in a number.
// "Rows shown" is the end of the first frame rendered after the first table row entered the DOM: a
// requestAnimationFrame callback runs just before that frame's style, layout and paint, and a message posted
// from it is handled right after them.

/** The first table rows the page shows, whichever page it is. */
export const ROW_SELECTOR = 'table tbody tr';

/**
 * Runs in the page before any of its scripts (page.addInitScript(installRowProbe, ROW_SELECTOR)): watches
 * the DOM for the first row and leaves `window.__rowProbe.done`, a promise of `{ rowsInDom, rowsShown }`,
 * and `window.__rowProbe.firstContentfulPaint`, a promise of the paint timing entry's start (Chromium
 * reports it once the frame is presented, after `done`; null if none within 2 s), in ms since the
 * navigation started.
 *
 * @example
 *   await page.addInitScript(installRowProbe, ROW_SELECTOR);
 *   await page.goto(url);
 *   const { rowsShown } = await page.evaluate('window.__rowProbe.done');
 */
export function installRowProbe(selector) {
  let resolve;
  const done = new Promise((settle) => {
    resolve = settle;
  });
  const firstContentfulPaint = new Promise((settle) => {
    setTimeout(() => settle(null), 2000);
    new PerformanceObserver((list) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry !== undefined) settle(entry.startTime);
    }).observe({ type: 'paint', buffered: true });
  });
  window.__rowProbe = { done, firstContentfulPaint };
  const observer = new MutationObserver(() => {
    if (document.querySelector(selector) === null) return;
    observer.disconnect();
    const rowsInDom = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve({ rowsInDom, rowsShown: performance.now() });
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Runs in the page (page.evaluate(clickNextAndTimeRows)): clicks the pager's enabled "Next" and resolves,
 * once rows of another page are shown (the first row links elsewhere), to `{ rowsInDom, rowsShown, rows,
 * request }`: ms since the click, the rows shown, and the duration of the last `/products?` request the
 * page made (its Resource Timing entry; null when the page made none).
 */
export function clickNextAndTimeRows() {
  const firstRow = () => document.querySelector('table tbody tr a')?.getAttribute('href');
  const before = firstRow();
  const next = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Next');
  if (next === undefined || next.disabled) return Promise.reject(new Error('no enabled Next button'));
  const requestsBefore = performance.getEntriesByType('resource').length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the next page did not show within 30 s')), 30_000);
    const started = performance.now();
    const observer = new MutationObserver(() => {
      const now = firstRow();
      if (now === undefined || now === before) return;
      observer.disconnect();
      const rowsInDom = performance.now() - started;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          clearTimeout(timer);
          const request = performance
            .getEntriesByType('resource')
            .slice(requestsBefore)
            .filter((entry) => new URL(entry.name).pathname.endsWith('/products'))
            .at(-1);
          resolve({
            rowsInDom,
            rowsShown: performance.now() - started,
            rows: document.querySelectorAll('table tbody tr').length,
            request: request === undefined ? null : request.responseEnd - request.startTime,
          });
        };
        channel.port2.postMessage(null);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    next.click();
  });
}
