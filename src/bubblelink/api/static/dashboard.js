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
    event: value("event"),
  };
}

async function refresh() {
  const c = controls();
  showMessage("error", "");
  document.getElementById("status").textContent = "loading…";
  const dates = { start: c.start, end: c.end };
  const jobs = [
    ["chart-corr", "/api/charts/corr", { a: c.a, b: c.b, window: c.window, ...dates }],
    ["chart-beta", "/api/charts/beta", { asset: c.a, market: c.b, ...dates }],
    ["chart-leadlag", "/api/charts/leadlag", { a: c.b, b: c.a, ...dates }],
    ["chart-perf", "/api/charts/perf", { symbols: [c.a, c.b], benchmark: c.b,
                                         since: c.start || undefined, until: c.end }],
    ["chart-event", "/api/charts/event", { event_id: c.event, targets: [c.a, c.b] }],
    ["chart-risk", "/api/charts/risk", {}],
  ];
  const results = await Promise.allSettled(jobs.map(([id, path, params]) => draw(id, path, params)));
  const errors = [];
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      const name = jobs[i][0].replace("chart-", "");
      errors.push(`${name}: ${result.reason.message}`);
    }
  });
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
    });
  } catch (err) {
    const prefix = err.status === 501 ? "not available: " : "";
    showMessage("scenario-error", prefix + err.message);
  }
}

async function loadStore() {
  try {
    const listing = await getJSON("/api/series");
    document.getElementById("synthetic-banner").hidden = !listing.synthetic;
    const list = document.getElementById("symbols");
    listing.result.forEach((row) => {
      const option = document.createElement("option");
      option.value = row.series;
      list.appendChild(option);
    });
    document.getElementById("store-line").textContent =
      `${listing.result.length} series in the store`;
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
  await loadStore();
  await Promise.all([refresh(), runScenario()]);
  document.body.dataset.ready = "true";
});
