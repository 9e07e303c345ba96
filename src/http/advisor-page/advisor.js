// The /advisor page: form <-> workload JSON, POST /advisor?curves=true, the advice as text, tables and SVG
// charts. Plain browser JavaScript served as is (no build step, no libraries); server strings only ever go
// through textContent, never innerHTML.

const SVG = 'http://www.w3.org/2000/svg';
const form = document.getElementById('workload-form');
const jobsBox = document.getElementById('jobs');
const jobTemplate = document.getElementById('job-template');
const problemsBox = document.getElementById('form-problems');
const statusLine = document.getElementById('status');
const results = document.getElementById('results');
let presets = [];

/** `1234567.5` -> `1,234,567.5`: the same grouping as the CLI's table, so both print `$3,296.67`. */
const grouped = (text) => text.replace(/^(\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','));
/** A monthly cost in dollars and cents; null is a cost nobody can compute, never $0. */
const usd = (value) =>
  value === null ? 'cost unknown' : `${value < 0 ? '-' : ''}$${grouped(Math.abs(value).toFixed(2))}`;
const number = (value) => grouped(String(value));
const compact = (value) =>
  value.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- form <-> workload -------------------------------------------------------------------------------

/** The value a control contributes, or undefined to leave the field out (the advisor's default applies). */
function controlValue(control) {
  if (control.type === 'checkbox') return control.checked;
  const text = control.value.trim();
  if (text === '') return undefined;
  if (control.dataset.kind === 'numbers')
    // Anything that is not a number is sent as typed, so the server names the exact entry.
    return text.split(/[\s,;]+/).map((part) => (Number.isFinite(Number(part)) ? Number(part) : part));
  if (control.type === 'number') return Number(text);
  return text;
}

/** `jobs.0.name` -> workload.jobs[0].name */
function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((key, i) => {
    node[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
  });
  node[keys.at(-1)] = value;
}

function controlsIn(container) {
  return [...container.querySelectorAll('input[name], select[name]')];
}

function workloadFromForm() {
  const workload = {};
  const include = {
    region: true,
    api: document.getElementById('include-api').checked,
    jobs: true,
    data: document.getElementById('include-data').checked,
  };
  for (const control of controlsIn(form)) {
    const section = control.name.split('.')[0];
    const value = controlValue(control);
    if (include[section] && value !== undefined) setPath(workload, control.name, value);
  }
  return workload;
}

function renumberJobs() {
  [...jobsBox.children].forEach((row, index) => {
    for (const node of row.querySelectorAll('[id], [name], [for], [aria-describedby]'))
      for (const attribute of ['id', 'name', 'for', 'aria-describedby'])
        if (node.hasAttribute(attribute))
          node.setAttribute(
            attribute,
            node.getAttribute(attribute).replace(/jobs\.(N|\d+)\./g, `jobs.${index}.`),
          );
    for (const number of row.querySelectorAll('.job-number')) number.textContent = String(index + 1);
  });
}

function addJob(job = {}) {
  const row = jobTemplate.content.firstElementChild.cloneNode(true);
  jobsBox.append(row);
  renumberJobs();
  for (const control of controlsIn(row)) {
    const value = job[control.name.split('.')[2]];
    if (control.type === 'checkbox') control.checked = value === true;
    else if (value !== undefined) control.value = String(value);
  }
  row.querySelector('.remove-job').addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumberJobs();
    (next?.querySelector('input') ?? document.getElementById('add-job')).focus();
  });
  return row;
}

function fillForm(workload) {
  form.reset();
  clearProblems();
  jobsBox.replaceChildren();
  document.getElementById('include-api').checked = workload.api !== undefined;
  document.getElementById('include-data').checked = workload.data !== undefined;
  for (const job of workload.jobs ?? []) addJob(job);
  for (const section of ['api', 'data']) {
    for (const [key, value] of Object.entries(workload[section] ?? {})) {
      const control = document.getElementById(`${section}.${key}`);
      if (!control) continue;
      if (control.type === 'checkbox') control.checked = value === true;
      else control.value = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  syncSections();
}

/** A section left out is disabled as a whole; its checkbox sits in the legend and stays usable. */
function syncSections() {
  for (const section of ['api', 'data'])
    document.getElementById(`${section}-fields`).disabled = !document.getElementById(`include-${section}`)
      .checked;
}

// ---- problems next to their fields ---------------------------------------------------------------------

function clearProblems() {
  for (const node of form.querySelectorAll('.field-error')) node.textContent = '';
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  problemsBox.replaceChildren();
  problemsBox.hidden = true;
}

/** `jobs.0.durationMinutes` names a control; `api.hourlyProfile.3` the control of its nearest ancestor. */
function controlFor(path) {
  const keys = path.split('.');
  for (let length = keys.length; length > 0; length--) {
    const control = document.getElementById(keys.slice(0, length).join('.'));
    if (control?.matches('input, select')) return control;
  }
  return null;
}

function showProblems(problems, detail) {
  clearProblems();
  const unplaced = [];
  let first = null;
  for (const { path, message } of problems) {
    const control = controlFor(path);
    const slot = control && document.getElementById(`${control.id}-error`);
    if (!slot) {
      unplaced.push(`${path}: ${message}`);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    control.setAttribute('aria-invalid', 'true');
    first ??= control;
  }
  problemsBox.append(element('p', detail || 'The workload is not valid.'));
  if (unplaced.length > 0) {
    const list = element('ul');
    for (const text of unplaced) list.append(element('li', text));
    problemsBox.append(list);
  }
  if (first) problemsBox.append(element('p', 'The fields marked below say what to change.'));
  problemsBox.hidden = false;
  (first ?? problemsBox).focus();
}

// ---- charts --------------------------------------------------------------------------------------------

// Drawn at the width they get, in CSS pixels (1:1, so labels keep the page's text size), and drawn again
// when that width changes.
const MARGIN = { left: 72, right: 24, top: 24, bottom: 56 };
const MIN_WIDTH = 320;

function chartSize(width) {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  return { width: w, height: Math.round(Math.min(440, Math.max(300, w * 0.42))) };
}

function decades(from, to) {
  const ticks = [];
  for (let power = Math.ceil(Math.log10(from) - 1e-9); power <= Math.floor(Math.log10(to) + 1e-9); power++)
    ticks.push(10 ** power);
  return ticks;
}

/** Text with a halo in the page's background colour, so lines and grid behind it never hide it. */
function label(attributes, text) {
  return svg('text', { ...attributes, class: `label ${attributes.class ?? ''}`.trim() }, text);
}

// Bold 12px labels: about 7.5 px a character, enough to tell whether one fits beside its line.
const LABEL_CHAR_PX = 7.5;

/**
 * Where a marker's label goes so it stays inside the plot: beside its line, on the side with room (the
 * right in the left half, the left in the right half), the short text when the long one fits on neither
 * side, and as a last resort against the plot's edge.
 */
function placeLabel(x, plot, text, shortText = text) {
  const room = { start: plot.x1 - (x + 5), end: x - 5 - plot.x0 };
  const sides = x > (plot.x0 + plot.x1) / 2 ? ['end', 'start'] : ['start', 'end'];
  for (const candidate of [text, shortText])
    for (const side of sides)
      if (candidate.length * LABEL_CHAR_PX <= room[side])
        return { text: candidate, attributes: { x: side === 'end' ? x - 5 : x + 5, 'text-anchor': side } };
  const width = shortText.length * LABEL_CHAR_PX;
  return {
    text: shortText,
    attributes: {
      x: Math.max(plot.x0 + 2, Math.min(x - width / 2, plot.x1 - width)),
      'text-anchor': 'start',
    },
  };
}

/**
 * A log-log line chart of `curves` (one path per option, gaps where it does not fit or its cost is unknown)
 * with labelled vertical markers. Costs span orders of magnitude, so both axes are logarithmic.
 */
function drawChart({ curves, title, xLabel, formatX, markers, empty }, available) {
  const { width, height } = chartSize(available);
  const { left, right, top, bottom } = MARGIN;
  const xs = curves.x;
  const values = curves.series.flatMap((s) => s.usd).filter((v) => v !== null && v > 0);
  const figure = element('figure', undefined, 'chart');
  const caption = element('figcaption', title);
  if (values.length === 0) {
    figure.append(caption, element('p', empty, 'note'));
    return figure;
  }
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const yMax = 10 ** Math.max(Math.ceil(Math.log10(Math.max(...values))), Math.log10(yMin) + 1);
  const [xMin, xMax] = [xs[0], xs.at(-1)];
  const plot = { x0: left, x1: width - right, y0: top, y1: height - bottom };
  const px = (x) =>
    plot.x0 +
    ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (plot.x1 - plot.x0);
  const py = (y) =>
    plot.y0 +
    (1 - (Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (plot.y1 - plot.y0);

  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-labelledby': titleId,
  });
  chart.append(svg('title', { id: titleId }, title));

  const axes = svg('g', { class: 'axes' });
  for (const x of decades(xMin, xMax)) {
    axes.append(svg('line', { class: 'gridline', x1: px(x), x2: px(x), y1: plot.y0, y2: plot.y1 }));
    axes.append(
      svg('text', { class: 'tick x-tick', x: px(x), y: plot.y1 + 16, 'text-anchor': 'middle' }, formatX(x)),
    );
  }
  for (const y of decades(yMin, yMax)) {
    axes.append(svg('line', { class: 'gridline', x1: plot.x0, x2: plot.x1, y1: py(y), y2: py(y) }));
    axes.append(
      svg(
        'text',
        { class: 'tick y-tick', x: plot.x0 - 6, y: py(y) + 4, 'text-anchor': 'end' },
        `$${compact(y)}`,
      ),
    );
  }
  axes.append(svg('line', { class: 'axis', x1: plot.x0, x2: plot.x1, y1: plot.y1, y2: plot.y1 }));
  axes.append(svg('line', { class: 'axis', x1: plot.x0, x2: plot.x0, y1: plot.y0, y2: plot.y1 }));
  axes.append(
    svg(
      'text',
      { class: 'axis-label', x: (plot.x0 + plot.x1) / 2, y: height - 12, 'text-anchor': 'middle' },
      `${xLabel} (log scale)`,
    ),
  );
  const middle = (plot.y0 + plot.y1) / 2;
  axes.append(
    svg(
      'text',
      {
        class: 'axis-label',
        x: 14,
        y: middle,
        'text-anchor': 'middle',
        transform: `rotate(-90 14 ${middle})`,
      },
      'USD per month (log scale)',
    ),
  );
  chart.append(axes);

  const legend = element('ul', undefined, 'legend');
  curves.series.forEach((series, index) => {
    let d = '';
    let pen = 'M';
    series.usd.forEach((y, i) => {
      if (y === null) {
        pen = 'M';
        return;
      }
      // A cost of exactly $0 has no place on a log axis: it sits on the bottom edge.
      d += `${pen}${px(xs[i]).toFixed(1)},${py(Math.max(y, yMin)).toFixed(1)}`;
      pen = 'L';
    });
    if (d === '') return;
    const path = svg('path', { class: `series series-${index}`, d, 'data-candidate-id': series.candidateId });
    path.append(svg('title', {}, series.name));
    chart.append(path);
    const entry = element('li');
    entry.append(element('span', undefined, `swatch series-${index}`), document.createTextNode(series.name));
    legend.append(entry);
  });

  const notes = [];
  for (const marker of markers) {
    if (marker.value === null || marker.value === undefined) continue;
    if (marker.value < xMin || marker.value > xMax) {
      notes.push(`${marker.label} is outside this range.`);
      continue;
    }
    const x = px(marker.value);
    const group = svg('g', { class: `marker ${marker.kind}`, 'data-value': marker.value });
    group.append(svg('line', { x1: x, x2: x, y1: plot.y0, y2: plot.y1 }));
    const placed = placeLabel(x, plot, marker.label, marker.shortLabel);
    if (marker.kind === 'current') {
      // At the axis, where the eye reads the x value: a pointer onto the axis, the label just above it.
      group.append(svg('path', { class: 'axis-tick', d: `M${x},${plot.y1} l-5,-8 h10 z` }));
      group.append(label({ ...placed.attributes, y: plot.y1 - 12 }, placed.text));
    } else group.append(label({ ...placed.attributes, y: plot.y0 + 14 }, placed.text));
    chart.append(group);
  }
  figure.append(caption, chart, legend);
  for (const note of notes) figure.append(element('p', note, 'note'));
  return figure;
}

/** Charts on the page, each drawn again at its new width when the window resizes. */
let charts = [];
let drawnWidth = 0;

function chartWidth() {
  return document.getElementById('components').clientWidth;
}

function placeChart(spec) {
  const entry = { spec, node: drawChart(spec, chartWidth()) };
  charts.push(entry);
  return entry.node;
}

function redrawCharts() {
  const width = chartWidth();
  if (width === drawnWidth || width === 0) return;
  drawnWidth = width;
  for (const entry of charts) {
    const next = drawChart(entry.spec, width);
    entry.node.replaceWith(next);
    entry.node = next;
  }
}

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(redrawCharts, 150);
});

// ---- the advice ----------------------------------------------------------------------------------------

function candidatesTable(component) {
  const table = element('table');
  table.append(element('caption', 'Every option, priced even when a limit rules it out'));
  const head = element('tr');
  for (const label of ['Option', 'USD per month', 'Fits', 'Limits and warnings']) {
    const cell = element('th', label);
    cell.scope = 'col';
    head.append(cell);
  }
  const thead = element('thead');
  thead.append(head);
  table.append(thead);
  const body = element('tbody');
  for (const candidate of component.candidates) {
    const row = element(
      'tr',
      undefined,
      candidate.id === component.recommendation?.candidateId ? 'recommended' : '',
    );
    row.dataset.candidateId = candidate.id;
    const name = element('th', candidate.name);
    name.scope = 'row';
    if (row.className) name.append(element('span', ' (recommended)', 'badge'));
    row.append(
      name,
      element('td', usd(candidate.monthlyUsd), 'number'),
      element('td', candidate.fits ? 'yes' : 'no'),
    );
    row.append(element('td', [...candidate.exclusions, ...candidate.warnings].join(' · ')));
    body.append(row);
  }
  table.append(body);
  // On a narrow screen the table scrolls sideways by itself instead of widening the page.
  const scroller = element('div', undefined, 'table-scroll');
  scroller.append(table);
  return scroller;
}

function renderComponent(title, component, chart) {
  const section = element('section', undefined, 'component');
  section.append(element('h3', title));
  const recommendation = element('p', undefined, 'recommendation');
  const chosen = component.recommendation;
  if (chosen) {
    recommendation.append('Recommended: ', element('strong', chosen.name));
    recommendation.append(
      chosen.monthlyUsd === null ? ' (cost unknown).' : `, ${usd(chosen.monthlyUsd)} a month.`,
    );
  } else recommendation.append('No option fits this workload.');
  section.append(recommendation);
  const reasons = element('ul', undefined, 'reasons');
  for (const reason of component.recommendation?.reasons ?? []) reasons.append(element('li', reason));
  section.append(reasons);
  const breakEvens = element('ul', undefined, 'break-evens');
  for (const breakEven of component.breakEvens) breakEvens.append(element('li', breakEven.description));
  section.append(element('h4', 'Break-even'), breakEvens, candidatesTable(component));
  if (chart) section.append(chart);
  const assumptions = element('details');
  assumptions.append(element('summary', 'Assumptions'));
  const list = element('ul');
  for (const assumption of component.assumptions) list.append(element('li', assumption));
  assumptions.append(list);
  section.append(assumptions);
  return section;
}

function breakEvenMarker(component, unit, short = number) {
  const value = component.breakEvens[0]?.value ?? null;
  return {
    kind: 'break-even',
    value,
    label: value === null ? '' : `break-even ${number(value)} ${unit}`,
    shortLabel: value === null ? '' : `break-even ${short(value)}`,
  };
}

/** What an empty chart says instead: nothing fits, or what fits has no known cost. */
function emptyChartNote(component) {
  return component.candidates.some((c) => c.fits && c.monthlyUsd === null)
    ? 'No line to draw: the cost of every option that fits is unknown (the reasons above say which price to give).'
    : 'No option fits anywhere on this range.';
}

function renderAdvice(advice, workload) {
  const box = document.getElementById('components');
  box.replaceChildren();
  // Shown first: the charts are drawn at the width the results get.
  results.hidden = false;
  charts = [];
  drawnWidth = chartWidth();
  document.getElementById('results-meta').textContent =
    `Region ${advice.region}, prices as of ${advice.pricesAsOf}, in ${advice.currency}. Free tiers are ignored.`;
  if (advice.api) {
    const traffic = workload.api.requestsPerMonth;
    const chart = advice.curves?.api
      ? placeChart({
          curves: advice.curves.api,
          title: 'API: monthly cost against requests per month',
          xLabel: 'requests per month',
          formatX: compact,
          markers: [
            breakEvenMarker(advice.api, 'requests/month', compact),
            {
              kind: 'current',
              value: traffic,
              label: `your traffic: ${compact(traffic)}`,
              shortLabel: 'you',
            },
          ],
          empty: emptyChartNote(advice.api),
        })
      : null;
    box.append(renderComponent('API', advice.api, chart));
  }
  (advice.jobs ?? []).forEach((job, index) => {
    const curves = advice.curves?.jobs?.[index];
    const duration = workload.jobs[index].durationMinutes;
    const chart = curves
      ? placeChart({
          curves,
          title: `Job ${job.name}: monthly cost against run duration`,
          xLabel: 'minutes per run',
          formatX: (x) => compact(x),
          markers: [
            breakEvenMarker(job, 'min'),
            {
              kind: 'current',
              value: duration,
              label: `this job: ${number(duration)} min`,
              shortLabel: 'this job',
            },
          ],
          empty: emptyChartNote(job),
        })
      : null;
    box.append(renderComponent(`Job: ${job.name}`, job, chart));
  });
  if (advice.data) box.append(renderComponent('Data', advice.data, null));
  if (box.children.length === 0) box.append(element('p', 'Describe an API, a job or data to get advice.'));
  document.getElementById('results-heading').focus();
}

// ---- wiring --------------------------------------------------------------------------------------------

async function submit(event) {
  event.preventDefault();
  const unreadable = controlsIn(form).filter((control) => !control.disabled && control.validity.badInput);
  if (unreadable.length > 0) {
    showProblems(unreadable.map((control) => ({ path: control.name, message: 'is not a number' })));
    return;
  }
  const workload = workloadFromForm();
  statusLine.textContent = 'Asking the advisor…';
  let response;
  let body;
  try {
    response = await fetch(new URL('advisor?curves=true', document.baseURI), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(workload),
    });
    body = await response.json();
  } catch {
    statusLine.textContent = 'The advisor could not be reached. Try again.';
    return;
  }
  if (!response.ok) {
    statusLine.textContent = '';
    showProblems(body.errors ?? [], body.detail);
    return;
  }
  clearProblems();
  statusLine.textContent = 'Advice below.';
  renderAdvice(body, workload);
}

async function loadPresets() {
  const select = document.getElementById('preset');
  try {
    const response = await fetch(new URL('advisor/presets.json', document.baseURI));
    presets = (await response.json()).presets;
  } catch {
    statusLine.textContent = 'The example workloads could not be loaded.';
    return;
  }
  for (const preset of presets) {
    const option = element('option', preset.label);
    option.value = preset.id;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const preset = presets.find((p) => p.id === select.value);
    if (preset) fillForm(preset.workload);
  });
}

form.addEventListener('submit', submit);
document.getElementById('add-job').addEventListener('click', () => addJob().querySelector('input').focus());
for (const section of ['api', 'data'])
  document.getElementById(`include-${section}`).addEventListener('change', syncSections);
syncSections();
loadPresets();
