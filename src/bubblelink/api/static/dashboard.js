// bubblelink dashboard: fetches plotly figures from /api/charts/* and draws them.
// Every message from the API is shown with textContent (never innerHTML): a symbol
// named "<script>" is displayed, not run.
//
// Speed: every panel's request leaves at once, the three light panels first, then the
// heaviest (the browser opens six connections per server, so the order is the order
// they start; see PANELS), and each panel is
// drawn the moment its answer arrives; the requests do not wait for plotly.js. A change
// of the view (a control, back/forward) asks again only the panels whose request changed;
// the Update button asks every panel again (the server answers from its cache).
// The view (symbols, window, dates, as-of, event) is the query string: a bookmark or a
// shared address restores it, and back/forward step through the views.
// One error per bad input: an answer that names an input (unknown symbol, bad date,
// window) is shown once, under that input, however many panels it stopped.
"use strict";

// window.dashboardTimes: for the first load and for the last update, when each panel was
// painted (ms since the navigation, performance.now()); ``plotly``: when plotly.js was ready.
window.dashboardTimes = { load: {}, update: null, plotly: null };

const PLOT_CONFIG = { responsive: true, displaylogo: false };

const plotlyReady = new Promise((resolve) => {
  if (window.Plotly) {
    resolve();
    return;
  }
  const tag = document.getElementById("plotly-js");
  tag.addEventListener("load", () => resolve());
}).then(() => {
  window.dashboardTimes.plotly = performance.now();
});

class ApiError extends Error {
  constructor(status, detail, errors) {
    super(detail);
    this.status = status;
    this.errors = errors || [];
  }
}

function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) {
      value.forEach((v) => query.append(key, v));
    } else if (value !== undefined && value !== null && value !== "") {
      query.append(key, value);
    }
  }
  return query.toString();
}

async function getJSON(path, params) {
  const query = queryString(params);
  const url = query ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = { detail: `${response.status} ${response.statusText}` };
  }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
    throw new ApiError(response.status, detail, body && Array.isArray(body.errors) ? body.errors : []);
  }
  return body;
}

function showMessage(id, text) {
  const el = document.getElementById(id);
  if (text) {
    el.textContent = text;
    el.hidden = false;
  } else {
    el.textContent = "";
    el.hidden = true;
  }
}

// --- timings (read by the tests and bench/bench_dashboard.py) ----------------------------


function markPainted(name) {
  const now = performance.now();
  const run = currentRun;
  if (run && !(name in run.painted)) run.painted[name] = now;
}

// --- the view in the address ----------------------------------------------------------------

const VIEW_FIELDS = {
  a: "sym-a",
  b: "sym-b",
  window: "window",
  start: "start",
  end: "end",
  as_of: "asof",
  event: "event",
};
const DEFAULT_VIEW = {
  a: "BTC-USD", b: "^IXIC", window: "30", start: "", end: "", as_of: "", event: "orcl-fy26q2",
};
let pendingEvent = null;  // an event asked by the address before the event list arrived

function viewFromControls() {
  const view = {};
  for (const [key, id] of Object.entries(VIEW_FIELDS)) {
    view[key] = document.getElementById(id).value.trim();
  }
  if (!view.event && pendingEvent) view.event = pendingEvent;
  return view;
}

function viewFromAddress() {
  const query = new URLSearchParams(window.location.search);
  const view = { ...DEFAULT_VIEW };
  for (const key of Object.keys(VIEW_FIELDS)) {
    if (query.has(key)) view[key] = query.get(key).trim();
  }
  return view;
}

function applyView(view) {
  for (const [key, id] of Object.entries(VIEW_FIELDS)) {
    const el = document.getElementById(id);
    const value = view[key] || "";
    if (el.tagName === "SELECT" && value && ![...el.options].some((o) => o.value === value)) {
      if (key === "event") {
        pendingEvent = value;  // the list is still loading
        continue;
      }
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      el.appendChild(option);
    }
    el.value = value;
  }
}

function viewQuery(view) {
  const shown = {};
  for (const key of Object.keys(VIEW_FIELDS)) shown[key] = view[key];
  return queryString(shown);
}

// --- panels -----------------------------------------------------------------------------------

const AI_MEMBERS = ["NVDA", "ORCL", "AMD"];

function unique(values) {
  return [...new Set(values.filter((v) => v))];
}

// Optional data (ETF flow tables, crypto-market vendors, Z.1 and GDP): a store without
// them says so under the panel (what to ingest) instead of asking for a chart that cannot
// be drawn.
const OPTIONAL = {
  flows: {
    has: (ids) => ids.some((id) => id.startsWith("ETF_FLOW:TOTAL") || id === "IBIT"),
    missing: "ETF flows: none stored (bubblelink ingest etf-flows FILE adds a Farside flow table)",
  },
  dominance: {
    has: (ids) => ids.some((id) => id.startsWith("BTC_DOMINANCE")),
    missing: "BTC dominance: none stored (bubblelink ingest coingecko, or ingest csv of a " +
      "CoinMarketCap global-metrics file)",
  },
  valuation: {
    has: (ids) => ids.includes("NCBEILQ027S") && ids.includes("GDP"),
    missing: "Equities/GDP: needs NCBEILQ027S and GDP (bubblelink ingest fred NCBEILQ027S GDP)",
  },
};

// The panels in the order their requests leave (cold times on the real store, README
// "The dashboard"): three light ones, painted while the rest compute, then the heaviest
// first (claims, risk, liquidity, beta), so that no long answer starts last on a worker
// while the other has nothing left; the optional panels last (they wait for the store
// listing, which may come after plotly.js has run). ``params`` maps the view to the
// API's parameters;
// ``fields`` maps each API parameter to the input it comes from (for error messages).
const PANELS = [
  { name: "perf", path: "/api/charts/perf",
    params: (v) => ({ symbols: unique([v.a, v.b]), benchmark: v.b, since: v.start,
                      until: v.end, as_of: v.as_of }) },
  { name: "event", path: "/api/charts/event",
    params: (v) => ({ event_id: v.event, targets: unique([v.a, v.b]), as_of: v.as_of }) },
  { name: "leadlag", path: "/api/charts/leadlag",
    params: (v) => ({ a: v.b, b: v.a, start: v.start, end: v.end, as_of: v.as_of }) },
  { name: "claims", path: "/api/claims", params: (v) => ({ as_of: v.as_of }), table: true },
  { name: "risk", path: "/api/charts/risk", params: (v) => ({ as_of: v.as_of }) },
  { name: "liquidity", path: "/api/charts/liquidity", params: (v) => ({ as_of: v.as_of }) },
  { name: "beta", path: "/api/charts/beta",
    params: (v) => ({ asset: v.a, market: v.b, start: v.start, end: v.end, as_of: v.as_of }) },
  { name: "dcc", path: "/api/charts/dcc",
    params: (v) => ({ symbols: unique([v.a, v.b, "AI_BASKET"]), start: v.start, end: v.end,
                      as_of: v.as_of }) },
  { name: "spillover", path: "/api/charts/spillover",
    params: (v) => ({ symbols: unique([v.a, v.b, ...AI_MEMBERS]).slice(0, 5), start: v.start,
                      end: v.end, as_of: v.as_of }) },
  { name: "liquidity-global", path: "/api/charts/liquidity-global",
    params: (v) => ({ as_of: v.as_of }) },
  { name: "corr", path: "/api/charts/corr",
    params: (v) => ({ a: v.a, b: v.b, window: v.window, start: v.start, end: v.end,
                      as_of: v.as_of }) },
  { name: "flows", path: "/api/charts/flows", params: (v) => ({ as_of: v.as_of }) },
  { name: "dominance", path: "/api/charts/dominance", params: (v) => ({ as_of: v.as_of }) },
  { name: "valuation", path: "/api/charts/valuation", params: (v) => ({ as_of: v.as_of }) },
];

// API parameter -> the view field it comes from (symbols are matched by value).
const PARAM_FIELD = {
  window: "window", start: "start", since: "start", end: "end", until: "end",
  as_of: "as_of", event_id: "event",
};

const figures = {};  // panel -> the JSON it drew (the CSV is made from it)
const drawnRequest = {};  // panel -> the request (path and query) of what it shows
let currentRun = null;
let storeListing = null;  // promise of /api/series

function statusOf(name) {
  return document.getElementById(`${name}-status`);
}

function cardOf(name) {
  return document.querySelector(`[data-panel="${name}"]`);
}

// The risk figure is four subplots in one row; at dashboard widths the component names
// of the contribution bars ran into the gauge. Laid out two by two here (the figure's
// data are untouched), each subplot has the room its labels need.
function riskLayout(fig) {
  const layout = { ...fig.layout };
  const xy = ["xaxis", "xaxis2", "xaxis3"].filter((k) => layout[k]);
  if (xy.length < 2 || !fig.data.length || fig.data[0].type !== "indicator") return fig;
  const cells = [
    { x: [0.0, 0.28], y: [0.6, 0.92] },  // gauge (below its title: the ticks reach up)
    { x: [0.5, 1.0], y: [0.6, 1.0] },  // contributions (labels at its left)
    { x: [0.0, 0.44], y: [0.0, 0.4] },  // history
    { x: [0.56, 1.0], y: [0.0, 0.4] },  // reliability
  ];
  if (xy.length === 2) cells[2].x = [0.0, 1.0];  // no reliability curves: history full width
  const data = fig.data.map((trace, i) => (i === 0 ? { ...trace, domain: cells[0] } : trace));
  xy.forEach((key, i) => {
    const suffix = key.slice(5);
    const cell = cells[i + 1];
    layout[key] = { ...layout[key], domain: cell.x, automargin: true };
    layout[`yaxis${suffix}`] = { ...layout[`yaxis${suffix}`], domain: cell.y, automargin: true };
  });
  const titles = ["score", "contribution (points)", "history", "reliability (out of sample)"];
  layout.annotations = (layout.annotations || []).map((note) => {
    const i = titles.indexOf(note.text);
    if (i < 0) return note;
    const cell = cells[i];
    const top = i < 2 ? 1.0 : cell.y[1];  // the first row's titles both at the top
    return { ...note, x: (cell.x[0] + cell.x[1]) / 2, y: top, yanchor: "bottom" };
  });
  layout.height = 640;
  layout.legend = { ...(layout.legend || {}), orientation: "h", x: 0.56, y: -0.12,
                    xanchor: "left", yanchor: "top" };
  // planned as plotly's automargin settles it for the legend's one row, so it draws
  // once (charts.planned_margin); a legend on more rows (narrow screens) still pushes
  layout.margin = { ...(layout.margin || {}), b: 100 };
  return { ...fig, data, layout };
}

async function drawFigure(panel, fig) {
  await plotlyReady;
  const shown = panel.name === "risk" ? riskLayout(fig) : fig;
  await Plotly.react(`chart-${panel.name}`, shown.data, shown.layout, PLOT_CONFIG);
}

function clearPanel(panel) {
  delete figures[panel.name];
  delete drawnRequest[panel.name];
  if (panel.table) {
    document.querySelector("#claims-table tbody").replaceChildren();
    document.getElementById("claims-source").textContent = "";
  } else if (window.Plotly) {
    Plotly.purge(`chart-${panel.name}`);
  }
}

// --- claims table -----------------------------------------------------------------------------

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });

function figureText(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") {
    if (Math.abs(value) >= 1e6) return COMPACT.format(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(4);
  }
  return String(value);
}

function claimedOf(claim) {
  const claimed = claim.claimed || {};
  if (claimed.value !== undefined && claimed.value !== null) return claimed.value;
  if (claimed.above !== undefined && claimed.above !== null) return `> ${claimed.above}`;
  if (claimed.below !== undefined && claimed.below !== null) return `< ${claimed.below}`;
  return "";
}

function claimRows(body) {
  // sample: series, dates, n and the window the claim asked for; reason: why this verdict
  return body.claims.map((claim) => ({
    id: claim.id,
    claim: claim.claim,
    claimed: claimedOf(claim),
    value: claim.value,
    verdict: claim.verdict,
    sample: claim.sample ? claim.sample.text : "",
    reason: claim.reason || "",
  }));
}

function drawClaims(body) {
  const rows = document.querySelector("#claims-table tbody");
  rows.replaceChildren();
  claimRows(body).forEach((row) => {
    const tr = document.createElement("tr");
    [row.id, row.claim, figureText(row.claimed), figureText(row.value), row.verdict,
     row.sample || "–", row.reason]
      .forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 4) td.className = `verdict verdict-${String(text).replace(/[^a-z_]/g, "")}`;
        tr.appendChild(td);
      });
    rows.appendChild(tr);
  });
  const files = String(body.source).split(/, | \+ /).map((f) => f.split(/[\\/]/).pop());
  document.getElementById("claims-source").textContent =
    `${body.claims.length} claims from ${files.join(" + ")}, data as of ${body.as_of || "the end"}`;
}

// --- CSV and PNG ------------------------------------------------------------------------------

function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(rows, columns) {
  const lines = [columns.map(csvCell).join(",")];
  rows.forEach((row) => lines.push(columns.map((c) => csvCell(row[c])).join(",")));
  return lines.join("\r\n") + "\r\n";
}

// The points of a figure, one row per point: trace (its name), x, y (and text when the
// trace has labels). An indicator (the risk gauge) is one row with its value as y.
function figureRows(fig) {
  const rows = [];
  fig.data.forEach((trace, i) => {
    const name = trace.name || (trace.title && trace.title.text) || `${trace.type || "trace"} ${i}`;
    if (trace.type === "indicator") {
      rows.push({ trace: name, x: "", y: trace.value, text: "" });
      return;
    }
    const xs = trace.x || [];
    const ys = trace.y || [];
    const n = Math.max(xs.length, ys.length);
    for (let j = 0; j < n; j += 1) {
      const text = Array.isArray(trace.text) ? trace.text[j] : "";
      rows.push({ trace: name, x: xs[j], y: ys[j], text });
    }
  });
  return rows;
}

function panelCSV(name) {
  const data = figures[name];
  if (!data) return null;
  if (name === "claims") {
    return csvText(claimRows(data),
                   ["id", "claim", "claimed", "value", "verdict", "sample", "reason"]);
  }
  return csvText(figureRows(data), ["trace", "x", "y", "text"]);
}

function fileStem(name) {
  const view = currentView || DEFAULT_VIEW;
  const parts = ["bubblelink", name];
  if (!["liquidity", "liquidity-global", "risk", "claims", "flows", "dominance",
        "valuation"].includes(name)) parts.push(view.a, view.b);
  if (view.as_of) parts.push(`asof-${view.as_of}`);
  return parts.join("_").replace(/[^A-Za-z0-9_.-]+/g, "-");
}

function downloadCSV(name) {
  const text = panelCSV(name);
  if (text === null) return;
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${fileStem(name)}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function downloadPNG(name) {
  await plotlyReady;
  const chart = document.getElementById(`chart-${name}`);
  if (!figures[name] || !chart.data) return;
  await Plotly.downloadImage(chart, {
    format: "png", filename: fileStem(name), width: chart.clientWidth,
    height: chart.clientHeight,
  });
}

function addTools() {
  document.querySelectorAll("[data-panel]").forEach((card) => {
    const name = card.dataset.panel;
    const head = card.querySelector(".card-head");
    const title = card.querySelector("h2").textContent;
    const tools = document.createElement("span");
    tools.className = "tools";
    const kinds = name === "claims" ? ["CSV"] : ["CSV", "PNG"];
    kinds.forEach((kind) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tool";
      button.id = `${kind.toLowerCase()}-${name}`;
      button.textContent = kind;
      button.disabled = true;
      button.setAttribute("aria-label", `${title}: download the ${
        kind === "CSV" ? "data as CSV" : "chart as PNG"}`);
      button.addEventListener("click", () => (kind === "CSV" ? downloadCSV(name)
        : downloadPNG(name)));
      tools.appendChild(button);
    });
    head.appendChild(tools);
  });
}

function setTools(name, enabled) {
  ["csv", "png"].forEach((kind) => {
    const button = document.getElementById(`${kind}-${name}`);
    if (button) button.disabled = !enabled;
  });
}

// --- errors by input --------------------------------------------------------------------------

const FIELD_IDS = { a: "sym-a", b: "sym-b", window: "window", start: "start", end: "end",
                    as_of: "asof", event: "event" };

function showFieldError(field, text) {
  const input = document.getElementById(FIELD_IDS[field]);
  showMessage(`${FIELD_IDS[field]}-error`, text);
  if (text) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

function clearFieldErrors() {
  Object.keys(FIELD_IDS).forEach((field) => showFieldError(field, ""));
}

// Which input an API error is about, or null (then it is the panel's own error).
function fieldOfError(err, view, params, known) {
  if (!(err instanceof ApiError)) return null;
  for (const item of err.errors) {
    const loc = Array.isArray(item.loc) ? item.loc : [];
    const param = loc.length ? String(loc[loc.length - 1]) : "";
    if (PARAM_FIELD[param]) return PARAM_FIELD[param];
  }
  const message = err.message;
  const unknown = /unknown series '([^']*)/.exec(message);
  if (unknown || err.status === 404) {
    const named = unknown ? unknown[1].toUpperCase() : "";
    for (const field of ["a", "b"]) {
      const value = (view[field] || "").toUpperCase();
      if (value && named && (named === value || value.startsWith(named))) return field;
    }
    // the message may be shortened: the typed symbol the store does not hold
    if (known) {
      for (const field of ["a", "b"]) {
        const value = (view[field] || "").toUpperCase();
        if (value && value !== "AI_BASKET" && !known.has(value)) return field;
      }
    }
    if (/event/i.test(message) && params.event_id !== undefined) return "event";
  }
  if (/^start date .* after end date/.test(message)) return "end";
  if (/^window\b/.test(message)) return "window";
  if (/^(as-of|as_of)\b/.test(message)) return "as_of";
  return null;
}

// Checks that need no server: a symbol is required, start before end.
function checkView(view) {
  const problems = {};
  if (!view.a) problems.a = "enter a symbol (e.g. BTC-USD)";
  if (!view.b) problems.b = "enter a symbol (e.g. ^IXIC)";
  if (view.start && view.end && view.start > view.end) {
    problems.end = `end date ${view.end} is before start date ${view.start}: swap them`;
  }
  return problems;
}

// --- refresh ----------------------------------------------------------------------------------

let currentView = null;
let refreshes = 0;

async function knownSymbols() {
  try {
    const listing = await storeListing;
    return new Set(["AI_BASKET", ...listing.series.map((row) => row.series.toUpperCase())]);
  } catch (err) {
    return null;
  }
}

async function loadPanel(panel, view, run, previous, issued) {
  const params = panel.params(view);
  const status = statusOf(panel.name);
  if (panel.name === "event" && !params.event_id) {
    await eventsLoaded;
    Object.assign(params, panel.params(viewFromControls()));
  }
  // Requests leave in PANELS order (each after the one before it): the browser serves
  // them in that order on its six connections. An optional panel first checks the store
  // listing (cheap, asked first), so a store without its data gets no failing request.
  await previous;
  if (OPTIONAL[panel.name]) {
    let ids = null;
    try {
      ids = (await storeListing).series.map((row) => row.series);
    } catch (err) {
      ids = null;
    }
    if (ids && !OPTIONAL[panel.name].has(ids)) {
      issued();
      if (run.id !== refreshes) return;
      clearPanel(panel);
      setTools(panel.name, false);
      cardOf(panel.name).classList.add("missing");
      status.textContent = OPTIONAL[panel.name].missing;
      markPainted(panel.name);
      return;
    }
  }
  // a view change redraws only the panels whose request changed (Update redraws all)
  const request = `${panel.path}?${queryString(params)}`;
  if (!run.force && drawnRequest[panel.name] === request && figures[panel.name]) {
    issued();
    run.kept.push(panel.name);
    return;
  }
  const answer = getJSON(panel.path, params);
  issued();
  try {
    const body = await answer;
    if (run.id !== refreshes) return;  // a newer view replaced this one
    figures[panel.name] = body;
    if (panel.table) drawClaims(body);
    else await drawFigure(panel, body);
    drawnRequest[panel.name] = request;
    status.textContent = "";
    cardOf(panel.name).classList.remove("blocked", "missing");
    setTools(panel.name, true);
    markPainted(panel.name);
  } catch (err) {
    if (run.id !== refreshes) return;
    clearPanel(panel);
    setTools(panel.name, false);
    const field = fieldOfError(err, view, params, await knownSymbols());
    if (field) {
      run.fieldErrors.set(field, [...(run.fieldErrors.get(field) || []), err.message]);
      cardOf(panel.name).classList.add("blocked");
      status.textContent = "";
    } else {
      status.textContent = `${panel.name}: ${err.message}`;
      run.panelErrors.push(err.message);
    }
    markPainted(panel.name);
  }
}

async function refresh(options = {}) {
  const view = viewFromControls();
  clearFieldErrors();
  showMessage("error", "");
  const problems = checkView(view);
  if (Object.keys(problems).length) {
    Object.entries(problems).forEach(([field, text]) => showFieldError(field, text));
    document.getElementById("status").textContent = "";
    document.body.dataset.updated = String(Date.now());
    return;
  }
  if (options.push) {
    const query = viewQuery(view);
    if (`?${query}` !== window.location.search) {
      window.history.pushState(view, "", `${window.location.pathname}?${query}`);
    }
  }
  currentView = view;
  refreshes += 1;
  const run = { id: refreshes, started: performance.now(), painted: {}, kept: [],
                force: Boolean(options.force), fieldErrors: new Map(), panelErrors: [] };
  currentRun = run;
  document.getElementById("status").textContent = "loading…";
  let previous = Promise.resolve();
  const loads = PANELS.map((panel) => {
    let issued = null;
    const next = new Promise((resolve) => { issued = resolve; });
    const load = loadPanel(panel, view, run, previous, issued).finally(issued);
    previous = next;
    return load;
  });
  await Promise.all(loads);
  if (run.id !== refreshes) return;
  // one message per input: the one that names the whole value typed (a symbol with a
  // space is cut at the space by the list parameters), else the first
  run.fieldErrors.forEach((messages, field) => {
    const typed = (view[field] || "").toUpperCase();
    showFieldError(field, messages.find((m) => typed && m.includes(typed)) || messages[0]);
  });
  const times = Object.values(run.painted);
  const record = {
    started: run.started,
    first: times.length ? Math.min(...times) : null,
    all: times.length ? Math.max(...times) : null,
    painted: run.painted,
    kept: run.kept,
  };
  if (options.initial) window.dashboardTimes.load = record;
  else window.dashboardTimes.update = record;
  document.body.dataset.updated = String(Date.now());
  const failed = run.fieldErrors.size + run.panelErrors.length;
  document.getElementById("status").textContent = failed ? "" : "up to date";
}

// --- scenarios (their own forms) ------------------------------------------------------------

async function runScenario() {
  const number = (id) => document.getElementById(id).value;
  showMessage("scenario-error", "");
  try {
    const fig = await getJSON("/api/charts/scenario", {
      phase1_basket_change: number("p1-change"),
      phase1_sessions: number("p1-sessions"),
      phase2_basket_change: number("p2-change"),
      phase2_sessions: number("p2-sessions"),
      paths: number("paths"),
      as_of: document.getElementById("asof").value,
    });
    figures.scenario = fig;
    await drawFigure({ name: "scenario" }, fig);
    setTools("scenario", true);
  } catch (err) {
    setTools("scenario", false);
    showMessage("scenario-error", err.message);
  }
}

function fillTable(id, records, columns) {
  const head = document.querySelector(`#${id} thead tr`);
  const body = document.querySelector(`#${id} tbody`);
  head.replaceChildren();
  body.replaceChildren();
  if (!records.length) return;
  const keys = columns || Object.keys(records[0]);
  keys.forEach((key) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = key;
    head.appendChild(th);
  });
  records.forEach((record) => {
    const tr = document.createElement("tr");
    keys.forEach((key) => {
      const td = document.createElement("td");
      td.textContent = figureText(record[key]);
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
}

async function loadScenarioList() {
  try {
    const catalog = await getJSON("/api/scenario/list");
    const select = document.getElementById("run-scenario-name");
    select.replaceChildren();
    catalog.scenarios.forEach((row) => {
      const option = document.createElement("option");
      option.value = row.name;
      option.textContent = `${row.name}: ${row.title}`;
      select.appendChild(option);
    });
    select.value = "ai_credit_shock";
  } catch (err) {
    showMessage("scenario-run-error", err.message);
  }
}

async function runScenarioRun() {
  const value = (id) => document.getElementById(id).value.trim();
  showMessage("scenario-run-error", "");
  const params = {
    scenario: value("run-scenario-name"),
    engine: value("run-engine"),
    paths: value("run-paths"),
    seed: value("run-seed"),
    below: value("run-below").split(/[\s,]+/).filter((v) => v),
    as_of: document.getElementById("asof").value,
  };
  try {
    const body = await getJSON("/api/scenario/run", params);
    document.getElementById("scenario-run-title").textContent = body.title;
    fillTable("scenario-run-table", body.comparison);
    const probabilities = [];
    const risk = [];
    body.engines.forEach((engine) => {
      engine.thresholds.forEach((row) => probabilities.push({ engine: engine.engine, ...row }));
      engine.risk.forEach((row) => risk.push({ engine: engine.engine, ...row }));
    });
    fillTable("scenario-run-probabilities", probabilities, ["engine", "price",
      "p_below_any_time", "p_below_any_time_phase1", "p_below_end", "p_below_end_std_error"]);
    fillTable("scenario-run-risk", risk);
    const fig = await getJSON("/api/charts/scenario-run", params);
    figures["scenario-run"] = fig;
    await drawFigure({ name: "scenario-run" }, fig);
    setTools("scenario-run", true);
  } catch (err) {
    setTools("scenario-run", false);
    showMessage("scenario-run-error", err.message);
  }
}

// --- the store and the event list -----------------------------------------------------------

let eventsLoaded = null;

async function loadStore() {
  try {
    const listing = await storeListing;
    document.getElementById("synthetic-banner").hidden = !listing.synthetic;
    const list = document.getElementById("symbols");
    list.replaceChildren();
    ["AI_BASKET", ...listing.series.map((row) => row.series)].forEach((name) => {
      const option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
    document.getElementById("store-line").textContent =
      `${listing.series.length} series in the store (AI_BASKET: equal-weight NVDA, ORCL, AMD)`;
  } catch (err) {
    showMessage("error", err.message);
  }
}

async function loadEvents() {
  try {
    const catalog = await getJSON("/api/events");
    const select = document.getElementById("event");
    const wanted = pendingEvent || select.value || DEFAULT_VIEW.event;
    select.replaceChildren();
    catalog.events.forEach((event) => {
      const option = document.createElement("option");
      option.value = event.id;
      option.textContent = `${event.name} (${event.reaction_date})`;
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === wanted)) {
      select.value = wanted;
    } else if (pendingEvent) {
      // an address that names an unknown event keeps it, so the event panel says so
      const option = document.createElement("option");
      option.value = pendingEvent;
      option.textContent = pendingEvent;
      select.appendChild(option);
      select.value = pendingEvent;
    }
    pendingEvent = null;
  } catch (err) {
    showMessage("error", err.message);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  storeListing = getJSON("/api/series");
  storeListing.catch(() => null);
  addTools();
  const view = viewFromAddress();
  applyView(view);
  window.history.replaceState(view, "", window.location.href);
  eventsLoaded = loadEvents();
  document.getElementById("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    refresh({ push: true, force: true });
  });
  document.getElementById("window").addEventListener("change", () => refresh({ push: true }));
  window.addEventListener("popstate", () => {
    applyView(viewFromAddress());
    eventsLoaded.then(() => {
      applyView(viewFromAddress());
      refresh();
    });
  });
  document.getElementById("scenario-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runScenario();
  });
  document.getElementById("scenario-run-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runScenarioRun();
  });
  // the grid first: the scenario forms (below it, ~1 s of computation) and the scenario
  // list are asked once every panel of the grid has its answer, so they do not take a
  // worker from the panels on screen
  await Promise.all([refresh({ initial: true }), loadStore()]);
  await Promise.all([runScenario(), loadScenarioList().then(runScenarioRun)]);
  document.body.dataset.ready = "true";
});
