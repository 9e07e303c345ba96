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

const usd = (value) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
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

const CHART = { width: 720, height: 380, left: 72, right: 20, top: 20, bottom: 56 };

function decades(from, to) {
  const ticks = [];
  for (let power = Math.ceil(Math.log10(from) - 1e-9); power <= Math.floor(Math.log10(to) + 1e-9); power++)
    ticks.push(10 ** power);
  return ticks;
}

/**
 * A log-log line chart of `curves` (one path per option, gaps where it does not fit) with labelled
 * vertical markers. Costs span orders of magnitude, so both axes are logarithmic.
 */
function drawChart({ curves, title, xLabel, formatX, markers }) {
  const { width, height, left, right, top, bottom } = CHART;
  const xs = curves.x;
  const fitting = curves.series.flatMap((s) => s.usd).filter((v) => v !== null);
  const values = fitting.filter((v) => v > 0);
  const figure = element('figure', undefined, 'chart');
  const caption = element('figcaption', title);
  if (values.length === 0) {
    const why =
      fitting.length === 0
        ? 'No option fits anywhere on this range.'
        : 'Every option that fits is priced at $0 on this range: a price is missing (see the reasons above).';
    figure.append(caption, element('p', why, 'note'));
    return figure;
  }
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const yMax = 10 ** Math.max(Math.ceil(Math.log10(Math.max(...values))), Math.log10(yMin) + 1);
  const [xMin, xMax] = [xs[0], xs.at(-1)];
  const px = (x) =>
    left +
    ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (width - left - right);
  const py = (y) =>
    top +
    (1 - (Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) *
      (height - top - bottom);

  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId });
  chart.append(svg('title', { id: titleId }, title));

  const axes = svg('g', { class: 'axes' });
  for (const x of decades(xMin, xMax)) {
    axes.append(svg('line', { class: 'gridline', x1: px(x), x2: px(x), y1: top, y2: height - bottom }));
    axes.append(
      svg(
        'text',
        { class: 'tick x-tick', x: px(x), y: height - bottom + 16, 'text-anchor': 'middle' },
        formatX(x),
      ),
    );
  }
  for (const y of decades(yMin, yMax)) {
    axes.append(svg('line', { class: 'gridline', x1: left, x2: width - right, y1: py(y), y2: py(y) }));
    axes.append(
      svg(
        'text',
        { class: 'tick y-tick', x: left - 6, y: py(y) + 4, 'text-anchor': 'end' },
        `$${compact(y)}`,
      ),
    );
  }
  axes.append(
    svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }),
  );
  axes.append(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }));
  axes.append(
    svg(
      'text',
      { class: 'axis-label', x: (left + width - right) / 2, y: height - 12, 'text-anchor': 'middle' },
      `${xLabel} (log scale)`,
    ),
  );
  axes.append(
    svg(
      'text',
      {
        class: 'axis-label',
        x: 14,
        y: (top + height - bottom) / 2,
        'text-anchor': 'middle',
        transform: `rotate(-90 14 ${(top + height - bottom) / 2})`,
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
      // Under a cent rounds to $0, which a log axis cannot show: it sits on the bottom edge instead.
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
    group.append(svg('line', { x1: x, x2: x, y1: top, y2: height - bottom }));
    const anchor = x > width / 2 ? 'end' : 'start';
    group.append(
      svg(
        'text',
        {
          x: x + (anchor === 'end' ? -4 : 4),
          y: marker.kind === 'break-even' ? top + 12 : top + 28,
          'text-anchor': anchor,
        },
        marker.label,
      ),
    );
    chart.append(group);
  }
  figure.append(caption, chart, legend);
  for (const note of notes) figure.append(element('p', note, 'note'));
  return figure;
}

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
  return table;
}

function renderComponent(title, component, chart) {
  const section = element('section', undefined, 'component');
  section.append(element('h3', title));
  const recommendation = element('p', undefined, 'recommendation');
  if (component.recommendation) {
    recommendation.append('Recommended: ', element('strong', component.recommendation.name));
    recommendation.append(`, ${usd(component.recommendation.monthlyUsd)} a month.`);
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

function breakEvenMarker(component, unit) {
  const value = component.breakEvens[0]?.value ?? null;
  return {
    kind: 'break-even',
    value,
    label: value === null ? '' : `break-even ${value.toLocaleString('en-US')} ${unit}`,
  };
}

function renderAdvice(advice, workload) {
  const box = document.getElementById('components');
  box.replaceChildren();
  document.getElementById('results-meta').textContent =
    `Region ${advice.region}, prices as of ${advice.pricesAsOf}, in ${advice.currency}. Free tiers are ignored.`;
  if (advice.api) {
    const chart = advice.curves?.api
      ? drawChart({
          curves: advice.curves.api,
          title: 'API: monthly cost against requests per month',
          xLabel: 'requests per month',
          formatX: compact,
          markers: [
            breakEvenMarker(advice.api, 'requests/month'),
            { kind: 'current', value: workload.api.requestsPerMonth, label: 'your traffic' },
          ],
        })
      : null;
    box.append(renderComponent('API', advice.api, chart));
  }
  (advice.jobs ?? []).forEach((job, index) => {
    const curves = advice.curves?.jobs?.[index];
    const chart = curves
      ? drawChart({
          curves,
          title: `Job ${job.name}: monthly cost against run duration`,
          xLabel: 'minutes per run',
          formatX: (x) => compact(x),
          markers: [
            breakEvenMarker(job, 'min'),
            { kind: 'current', value: workload.jobs[index].durationMinutes, label: 'this job' },
          ],
        })
      : null;
    box.append(renderComponent(`Job: ${job.name}`, job, chart));
  });
  if (advice.data) box.append(renderComponent('Data', advice.data, null));
  if (box.children.length === 0) box.append(element('p', 'Describe an API, a job or data to get advice.'));
  results.hidden = false;
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
