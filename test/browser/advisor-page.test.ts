import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/advisor/candidate-math.js';
import { parseWorkload } from '../../src/advisor/workload.js';
import { ADVISOR_PRESETS } from '../../src/http/advisor-page/presets.js';
import { JSON_HEADERS, json, startTestApi, type TestApi } from '../support/test-api.js';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_NAMES, findChromium, inCi } from './find-chromium.js';

const CHROMIUM = findChromium();
// Locally a missing browser skips the suite, with a skipped test whose title says so in the run's summary;
// in CI (.ci/run installs chromium) a missing browser fails the run instead.
if (CHROMIUM === undefined) {
  if (inCi()) {
    it('runs in Chromium, which CI must have', () => {
      expect.fail(`${CHROMIUM_MISSING} (on PATH: ${CHROMIUM_NAMES.join(', ')}).`);
    });
  } else {
    console.warn(`SKIPPED test/browser/advisor-page.test.ts: ${CHROMIUM_MISSING}. CI runs it.`);
    it(CHROMIUM_MISSING, (context) => {
      context.skip('the /advisor page tests did not run here; CI runs them');
    });
  }
}

/** Fields have ids equal to their workload path (`api.requestsPerMonth`), which CSS would read as classes. */
const byId = (id: string) => `[id="${id}"]`;

describe.skipIf(CHROMIUM === undefined)('the /advisor page in headless Chromium', () => {
  let api: TestApi;
  let url: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];
  let pageErrors: string[];

  const adviceFor = async (workload: unknown) => {
    const response = await api.request('/advisor?curves=true', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(workload),
    });
    expect(response.status).toBe(200);
    return json(response);
  };

  const openWithPreset = async (id: string) => {
    await page.goto(`${url}/advisor`);
    await expect.poll(() => page.locator('#preset option').count()).toBe(ADVISOR_PRESETS.length + 1);
    await page.selectOption('#preset', id);
  };

  const submitAndWait = async () => {
    await page.click('#submit');
    await page.waitForSelector('#results:not([hidden])');
  };

  beforeAll(async () => {
    api = await startTestApi({ storage: 'memory' });
    url = (await api.listen()).url;
    userDataDir = await mkdtemp(join(tmpdir(), 'advisor-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await api?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await context.newPage();
    // Fail in seconds, not at the test's 30 s timeout, when something the test waits for never shows.
    page.setDefaultTimeout(10_000);
    consoleErrors = [];
    pageErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await page.close();
    // A script error (or a CSP violation) anywhere is a failure, whatever the test was about.
    expect(pageErrors).toEqual([]);
  });

  it('loads with a title, a labelled form and the example workloads, without console errors', async () => {
    await page.goto(`${url}/advisor`);
    await expect.poll(() => page.locator('#preset option').count()).toBe(ADVISOR_PRESETS.length + 1);

    expect(await page.title()).toMatch(/advisor/i);
    expect(await page.locator('#preset option').allTextContents()).toEqual(
      expect.arrayContaining(ADVISOR_PRESETS.map((p) => p.label)),
    );
    // Every input can be found by its label (what a screen reader announces).
    await expect.poll(() => page.getByLabel('Requests per month').count()).toBe(1);
    expect(await page.getByLabel('Storage (GB)').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('fills the form from a preset', async () => {
    await openWithPreset('shop-small');

    expect(await page.inputValue(byId('api.requestsPerMonth'))).toBe('10000000');
    expect(await page.inputValue(byId('api.peakToAverage'))).toBe('4');
    expect(await page.locator('#jobs .job').count()).toBe(2);
    expect(await page.inputValue(byId('jobs.1.name'))).toBe('reoptimise-all-images');
    expect(await page.isChecked(byId('jobs.1.interruptible'))).toBe(true);
    expect(await page.isChecked(byId('data.keyAccessOnly'))).toBe(true);

    await page.selectOption('#preset', 'gpu-training');
    expect(await page.isChecked('#include-api')).toBe(false);
    expect(await page.isDisabled(byId('api.requestsPerMonth'))).toBe(true);
    expect(await page.locator('#jobs .job').count()).toBe(1);
    expect(await page.isChecked(byId('jobs.0.needsGpu'))).toBe(true);
  });

  it('submits and shows the API recommendation, reasons and every candidate with its cost', async () => {
    const expected = await adviceFor(ADVISOR_PRESETS.find((p) => p.id === 'shop-small')?.workload);
    await openWithPreset('shop-small');
    await submitAndWait();

    const sections = page.locator('.component');
    expect(await sections.locator('h3').allTextContents()).toEqual([
      'API',
      'Job: image-variants',
      'Job: reoptimise-all-images',
      'Data',
    ]);
    const apiSection = sections.nth(0);
    const recommendation = await apiSection.locator('.recommendation').textContent();
    expect(recommendation).toContain(expected.api.recommendation.name);
    expect(recommendation).toContain(`$${expected.api.recommendation.monthlyUsd.toFixed(2)}`);
    expect(await apiSection.locator('.reasons li').allTextContents()).toEqual(
      expected.api.recommendation.reasons,
    );
    expect(
      await apiSection.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.candidateId)),
    ).toEqual(expected.api.candidates.map((c: { id: string }) => c.id));
    expect(await apiSection.locator('tr.recommended').getAttribute('data-candidate-id')).toBe(
      expected.api.recommendation.candidateId,
    );
    expect(await sections.nth(3).locator('.recommendation').textContent()).toContain(
      expected.data.recommendation.name,
    );
    expect(consoleErrors).toEqual([]);
  });

  it('draws both charts with one line per option and the break-even marked with the API number', async () => {
    const expected = await adviceFor(ADVISOR_PRESETS.find((p) => p.id === 'shop-small')?.workload);
    await openWithPreset('shop-small');
    await submitAndWait();

    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(3);
    const apiChart = charts.nth(0);
    const drawn = (series: { name: string; usd: (number | null)[] }[]) =>
      series.filter((s) => s.usd.some((v) => v !== null));
    expect(await apiChart.locator('path.series').count()).toBe(drawn(expected.curves.api.series).length);
    expect(await apiChart.locator('.legend li').allTextContents()).toEqual(
      drawn(expected.curves.api.series).map((s) => s.name),
    );
    expect(await apiChart.locator('.x-tick').allTextContents()).toEqual([
      '100K',
      '1M',
      '10M',
      '100M',
      '1B',
      '10B',
    ]);

    const breakEven = expected.api.breakEvens[0].value as number;
    expect(breakEven).toBeGreaterThan(1e5);
    const marker = apiChart.locator('.marker.break-even');
    expect(await marker.getAttribute('data-value')).toBe(String(breakEven));
    expect(await marker.locator('text').textContent()).toBe(
      `break-even ${breakEven.toLocaleString('en-US')} requests/month`,
    );

    // The job chart: every job option drawn; Lambda's line ends at its 15-minute limit, Batch's go on to 4 h.
    const jobChart = charts.nth(2);
    expect(await jobChart.locator('path.series').count()).toBe(drawn(expected.curves.jobs[1].series).length);
    const rightEdge = (selector: string) =>
      jobChart.locator(selector).evaluate((node) => {
        // getBBox: the path's drawn extent in the chart's own coordinates (the same as the tick labels' x).
        const box = (node as unknown as { getBBox(): { x: number; width: number } }).getBBox();
        return box.x + box.width;
      });
    const tickX = async (label: string) =>
      Number(await jobChart.locator('.x-tick', { hasText: new RegExp(`^${label}$`) }).getAttribute('x'));
    const lambdaEnd = await rightEdge('path[data-candidate-id="lambda"]');
    expect(lambdaEnd).toBeGreaterThan(await tickX('10'));
    expect(lambdaEnd).toBeLessThan(await tickX('100'));
    expect(await rightEdge('path[data-candidate-id="batch-fargate"]')).toBeGreaterThan(await tickX('100'));
  });

  it('shows the field error next to an invalid value, and submits from the keyboard', async () => {
    await openWithPreset('shop-small');
    await page.fill(byId('api.requestsPerMonth'), '-5');
    await page.fill(byId('jobs.0.durationMinutes'), '');
    await page.press(byId('api.requestsPerMonth'), 'Enter');

    const apiError = page.locator(byId('api.requestsPerMonth-error'));
    await expect.poll(() => apiError.textContent()).toMatch(/>=\s?0|greater than or equal to 0/i);
    expect(await page.getAttribute(byId('api.requestsPerMonth'), 'aria-invalid')).toBe('true');
    expect(await page.locator(byId('jobs.0.durationMinutes-error')).textContent()).toBe('is required');
    expect(await page.locator(byId('data.storageGb-error')).textContent()).toBe('');
    expect(await page.isHidden('#results')).toBe(true);
    // Focus lands on the first field to fix.
    expect(await page.locator(':focus').getAttribute('id')).toBe('api.requestsPerMonth');

    // Fixed, the same form submits and the errors go away.
    await page.fill(byId('api.requestsPerMonth'), '5000000');
    await page.fill(byId('jobs.0.durationMinutes'), '0.05');
    await page.press(byId('api.requestsPerMonth'), 'Enter');
    await page.waitForSelector('#results:not([hidden])');
    expect(await apiError.textContent()).toBe('');
    expect(await page.getAttribute(byId('api.requestsPerMonth'), 'aria-invalid')).toBeNull();
  });
  it('adds and removes jobs, renumbering the rest, and advises on what the form then holds', async () => {
    await openWithPreset('shop-small');
    await page.click('#add-job');
    // The new row's first field takes the focus: type straight into it.
    expect(await page.locator(':focus').getAttribute('id')).toBe('jobs.2.name');
    await page.keyboard.type('nightly-report');
    await page.fill(byId('jobs.2.durationMinutes'), '30');
    await page.fill(byId('jobs.2.runsPerMonth'), '30');
    await page.getByRole('button', { name: 'Remove job 1' }).click();

    expect(await page.locator('#jobs .job').count()).toBe(2);
    expect(await page.inputValue(byId('jobs.0.name'))).toBe('reoptimise-all-images');
    expect(await page.inputValue(byId('jobs.1.name'))).toBe('nightly-report');
    expect(await page.getByLabel('Name').count()).toBe(2);

    await submitAndWait();
    expect(await page.locator('.component h3').allTextContents()).toEqual([
      'API',
      'Job: reoptimise-all-images',
      'Job: nightly-report',
      'Data',
    ]);
  });
  it('prices the GPU preset and draws its EC2 lines: no option shown at $0.00', async () => {
    const expected = await adviceFor(ADVISOR_PRESETS.find((p) => p.id === 'gpu-training')?.workload);
    await openWithPreset('gpu-training');
    await submitAndWait();

    const section = page.locator('.component');
    const recommendation = expected.jobs[0].recommendation;
    expect(recommendation.monthlyUsd).toBeGreaterThan(0);
    expect(await section.locator('.recommendation').textContent()).toBe(
      `Recommended: ${recommendation.name}, ${formatUsd(recommendation.monthlyUsd)} a month.`,
    );
    expect(await section.locator('td.number').allTextContents()).not.toContain('$0.00');
    const chart = section.locator('figure.chart');
    expect(
      await chart.locator('path.series').evaluateAll((paths) => paths.map((p) => p.dataset.candidateId)),
    ).toEqual(['batch-ec2-spot', 'batch-ec2']);
  });

  it('writes money as the CLI does, with thousands separators', async () => {
    const expected = await adviceFor(ADVISOR_PRESETS.find((p) => p.id === 'steady-busy')?.workload);
    await openWithPreset('steady-busy');
    await submitAndWait();

    const costs = await page.locator('.component').first().locator('td.number').allTextContents();
    expect(costs).toEqual(
      expected.api.candidates.map((c: { monthlyUsd: number }) => formatUsd(c.monthlyUsd)),
    );
    expect(costs.some((cost) => /^\$\d{1,3},\d{3}\.\d{2}$/.test(cost))).toBe(true);
  });

  it('states each break-even once per section, and leaves it out of the reasons', async () => {
    const expected = await adviceFor(ADVISOR_PRESETS.find((p) => p.id === 'shop-small')?.workload);
    await openWithPreset('shop-small');
    await submitAndWait();

    const sections = page.locator('.component');
    const components = [expected.api, ...expected.jobs, expected.data];
    for (const [index, component] of components.entries()) {
      const text = (await sections.nth(index).textContent()) ?? '';
      for (const { description } of component.breakEvens)
        expect(text.split(description).length - 1, description).toBe(1);
      expect(await sections.nth(index).locator('.reasons').textContent()).not.toMatch(/break-even/i);
    }
  });

  it("draws the charts across the results' width, again when the window resizes", async () => {
    await openWithPreset('shop-small');
    await submitAndWait();

    // SVG width on the page and in its own units (the first number pair of viewBox is 0 0).
    const widths = async () => ({
      results: await page.locator('#components').evaluate((box) => box.clientWidth),
      charts: await page
        .locator('figure.chart svg')
        .evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width)),
      viewBoxes: await page
        .locator('figure.chart svg')
        .evaluateAll((svgs) => svgs.map((svg) => Number(svg.getAttribute('viewBox')?.split(' ')[2]))),
    });
    const wide = await widths();
    expect(wide.charts).toHaveLength(3);
    // Drawn one SVG unit per pixel, as wide as the results: text keeps the page's size.
    for (const [i, width] of wide.charts.entries()) {
      expect(width).toBeCloseTo(wide.results, -1);
      expect(wide.viewBoxes[i]).toBeCloseTo(width, -1);
    }

    await page.setViewportSize({ width: 700, height: 900 });
    await expect.poll(async () => (await widths()).viewBoxes[0]).toBeLessThan(wide.viewBoxes[0] as number);
    const narrow = await widths();
    for (const [i, width] of narrow.charts.entries()) {
      expect(width).toBeCloseTo(narrow.results, -1);
      expect(narrow.viewBoxes[i]).toBeCloseTo(width, -1);
    }
  });

  it('draws cheap jobs as smooth lines and labels "this job" at the axis, inside the chart', async () => {
    await openWithPreset('shop-small');
    await submitAndWait();
    const chart = page.locator('figure.chart').nth(2);

    // Lambda's cost grows with every longer run: its line climbs at every point, with no flat steps.
    const ys = await chart
      .locator('path[data-candidate-id="lambda"]')
      .evaluate((path) =>
        [...(path.getAttribute('d') ?? '').matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1])),
      );
    expect(ys.length).toBeGreaterThan(10);
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThan(ys[i - 1] as number);

    const boxes = await chart.evaluate((figure) => {
      const box = (node: unknown) => {
        const b = (node as { getBBox(): { x: number; y: number; width: number; height: number } }).getBBox();
        return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
      };
      const axis = figure.querySelectorAll('.axes .axis')[0];
      return {
        svg: Number(figure.querySelector('svg')?.getAttribute('viewBox')?.split(' ')[2]),
        axisY: Number(axis?.getAttribute('y1')),
        plotLeft: Number(axis?.getAttribute('x1')),
        current: box(figure.querySelector('.marker.current text')),
        currentText: figure.querySelector('.marker.current text')?.textContent,
        breakEven: box(figure.querySelector('.marker.break-even text')),
      };
    });
    expect(boxes.currentText).toBe('this job: 90 min');
    // Just above the x axis, where the value is read, and wholly inside the plot.
    expect(boxes.current.bottom).toBeLessThanOrEqual(boxes.axisY);
    expect(boxes.current.bottom).toBeGreaterThan(boxes.axisY - 20);
    for (const label of [boxes.current, boxes.breakEven]) {
      expect(label.left).toBeGreaterThanOrEqual(boxes.plotLeft);
      expect(label.right).toBeLessThanOrEqual(boxes.svg);
    }
  });

  it.each(ADVISOR_PRESETS.map((p) => p.id))('posts the %s preset unchanged from the form', async (id) => {
    await openWithPreset(id);
    const posted = page.waitForRequest((request) => request.method() === 'POST');
    await page.click('#submit');
    const body = JSON.parse((await posted).postData() ?? 'null');

    // Equal once defaults are applied: the form may spell out a default the file leaves implicit.
    expect(parseWorkload(body)).toEqual(parseWorkload(ADVISOR_PRESETS.find((p) => p.id === id)?.workload));
  });
});
