// bubblelink dashboard: fetches plotly figures from /api/charts/* and draws them.
// Every message from the API is shown with textContent (never innerHTML): a symbol
// named "<script>" is displayed, not run.
"use strict";

const PLOT_CONFIG = { responsive: true, displaylogo: false };

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function getJSON(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) {
      value.forEach((v) => query.append(key, v));
    } else if (value !== undefined && value !== null && value !== "") {
      query.append(key, value);
    }
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = { detail: `${response.status} ${response.statusText}` };
  }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
    throw new ApiError(response.status, detail);
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

async function draw(target, path, params) {
  const fig = await getJSON(path, params);
  await Plotly.react(target, fig.data, fig.layout, PLOT_CONFIG);
  return fig;
}

function controls() {
  const value = (id) => document.getElementById(id).value.trim();
  return {
    a: value("sym-a"),
    b: value("sym-b"),
    window: value("window"),
    start: value("start"),
    end: value("end"),
    as_of: value("asof"),
    event: value("event"),
  };
}

const AI_MEMBERS = ["NVDA", "ORCL", "AMD"];

function unique(values) {
  return [...new Set(values.filter((v) => v))];
}

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });

function figureText(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") {
    if (Math.abs(value) >= 1e6) return COMPACT.format(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(4);
  }
  return String(value);
}

async function loadClaims(as_of) {
  const body = await getJSON("/api/claims", { as_of });
  const rows = document.querySelector("#claims-table tbody");
  rows.replaceChildren();
  body.claims.forEach((claim) => {
    const tr = document.createElement("tr");
    const claimed = claim.claimed || {};
    const target = claimed.value !== undefined && claimed.value !== null
      ? claimed.value : (claimed.above !== undefined && claimed.above !== null
        ? `> ${claimed.above}` : (claimed.below !== undefined && claimed.below !== null
          ? `< ${claimed.below}` : ""));
    // sample: series, dates, n and the window the claim asked for; reason: why this verdict
    const sample = claim.sample ? claim.sample.text : "–";
    [claim.id, claim.claim, figureText(target), figureText(claim.value), claim.verdict,
     sample, claim.reason || ""]
      .forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 4) td.className = `verdict verdict-${String(text).replace(/[^a-z_]/g, "")}`;
        tr.appendChild(td);
      });
    rows.appendChild(tr);
  });
  const files = String(body.source).split(" + ").map((f) => f.split(/[\\/]/).pop());
  document.getElementById("claims-source").textContent =
    `${body.claims.length} claims from ${files.join(" + ")}, data as of ${body.as_of || "the end"}`;
}

// Optional data (ETF flow tables, crypto-market vendors, Z.1 and GDP): a store without
// them says so under the panel (what to ingest) instead of asking for a chart that cannot
// be drawn.
const OPTIONAL_PANELS = [
  {
    name: "flows",
    path: "/api/charts/flows",
    has: (ids) => ids.some((id) => id.startsWith("ETF_FLOW:TOTAL") || id === "IBIT"),
    missing: "ETF flows: none stored (bubblelink ingest etf-flows FILE adds a Farside flow table)",
  },
  {
    name: "dominance",
    path: "/api/charts/dominance",
    has: (ids) => ids.some((id) => id.startsWith("BTC_DOMINANCE")),
    missing: "BTC dominance: none stored (bubblelink ingest coingecko, or ingest csv of a " +
      "CoinMarketCap global-metrics file)",
  },
  {
    name: "valuation",
    path: "/api/charts/valuation",
    has: (ids) => ids.includes("NCBEILQ027S") && ids.includes("GDP"),
    missing: "Equities/GDP: needs NCBEILQ027S and GDP (bubblelink ingest fred NCBEILQ027S GDP)",
  },
];

async function loadOptional(panel, ids, as_of) {
  const status = document.getElementById(`${panel.name}-status`);
  try {
    if (!panel.has(ids)) {
      Plotly.purge(`chart-${panel.name}`);
      status.textContent = panel.missing;
      return;
    }
    await draw(`chart-${panel.name}`, panel.path, { as_of });
    status.textContent = "";
  } catch (err) {
    Plotly.purge(`chart-${panel.name}`);
    status.textContent = `${panel.name}: ${err.message}`;
  }
}

async function loadOptionalPanels(as_of) {
  const listing = await getJSON("/api/series");
  const ids = listing.series.map((row) => row.series);
  await Promise.all(OPTIONAL_PANELS.map((panel) => loadOptional(panel, ids, as_of)));
}

async function refresh() {
  const c = controls();
  showMessage("error", "");
  document.getElementById("status").textContent = "loading…";
  const as_of = c.as_of;
  const dates = { start: c.start, end: c.end, as_of };
  const jobs = [
    ["chart-corr", "/api/charts/corr", { a: c.a, b: c.b, window: c.window, ...dates }],
    ["chart-beta", "/api/charts/beta", { asset: c.a, market: c.b, ...dates }],
    ["chart-leadlag", "/api/charts/leadlag", { a: c.b, b: c.a, ...dates }],
    ["chart-perf", "/api/charts/perf", { symbols: [c.a, c.b], benchmark: c.b,
                                         since: c.start || undefined, until: c.end, as_of }],
    ["chart-event", "/api/charts/event", { event_id: c.event, targets: [c.a, c.b], as_of }],
    ["chart-dcc", "/api/charts/dcc", { symbols: unique([c.a, c.b, "AI_BASKET"]), ...dates }],
    ["chart-spillover", "/api/charts/spillover",
     { symbols: unique([c.a, c.b, ...AI_MEMBERS]).slice(0, 5), ...dates }],
    ["chart-liquidity", "/api/charts/liquidity", { as_of }],
    ["chart-liquidity-global", "/api/charts/liquidity-global", { as_of }],
    ["chart-risk", "/api/charts/risk", { as_of }],
  ];
  const results = await Promise.allSettled([
    ...jobs.map(([id, path, params]) => draw(id, path, params)),
    loadClaims(as_of),
    loadOptionalPanels(as_of),
  ]);
  const names = [...jobs.map((job) => job[0].replace("chart-", "")), "claims",
                 "optional panels"];
  // one line per distinct message: a bad symbol fails several charts the same way
  const seen = new Map();
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      const message = result.reason.message;
      if (!seen.has(message)) seen.set(message, []);
      seen.get(message).push(names[i]);
    }
  });
  const errors = [...seen].map(([message, which]) => `${which.join(", ")}: ${message}`);
  showMessage("error", errors.length ? errors.join("\n") : "");
  document.body.dataset.updated = String(Date.now());
  document.getElementById("status").textContent = errors.length ? "" : "up to date";
}

async function runScenario() {
  const number = (id) => document.getElementById(id).value;
  showMessage("scenario-error", "");
  try {
    await draw("chart-scenario", "/api/charts/scenario", {
      phase1_basket_change: number("p1-change"),
      phase1_sessions: number("p1-sessions"),
      phase2_basket_change: number("p2-change"),
      phase2_sessions: number("p2-sessions"),
      paths: number("paths"),
      as_of: document.getElementById("asof").value,
    });
  } catch (err) {
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
    await draw("chart-scenario-run", "/api/charts/scenario-run", params);
  } catch (err) {
    showMessage("scenario-run-error", err.message);
  }
}

async function loadStore() {
  try {
    const listing = await getJSON("/api/series");
    document.getElementById("synthetic-banner").hidden = !listing.synthetic;
    const list = document.getElementById("symbols");
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
  try {
    const catalog = await getJSON("/api/events");
    const select = document.getElementById("event");
    catalog.events.forEach((event) => {
      const option = document.createElement("option");
      option.value = event.id;
      option.textContent = `${event.name} (${event.reaction_date})`;
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === "orcl-fy26q2")) select.value = "orcl-fy26q2";
  } catch (err) {
    showMessage("error", err.message);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  document.getElementById("window").addEventListener("change", () => refresh());
  document.getElementById("scenario-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runScenario();
  });
  document.getElementById("scenario-run-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runScenarioRun();
  });
  await Promise.all([loadStore(), loadScenarioList()]);
  await Promise.all([refresh(), runScenario(), runScenarioRun()]);
  document.body.dataset.ready = "true";
});
