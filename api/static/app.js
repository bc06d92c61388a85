// The peacegraph graph page: search an entity, draw its neighborhood with Cytoscape.js,
// expand nodes on click, show the evidence of an edge, filter, and show a plan's stance matrix.
// Talks only to this API (same origin); every text from the graph goes in as textContent.
"use strict";

const NODE_COLOURS = {
  Person: "#4c78a8",
  Country: "#f2a541",
  Organization: "#7b5ea7",
  Place: "#3aa17e",
  Event: "#e45756",
  Plan: "#2f4b7c",
  PlanPoint: "#8fb3d9",
  Article: "#9e9e9e",
};
const NODE_SHAPES = {
  Person: "ellipse",
  Country: "hexagon",
  Organization: "round-rectangle",
  Place: "triangle",
  Event: "diamond",
  Plan: "rectangle",
  PlanPoint: "round-rectangle",
  Article: "tag",
};
// Most specific first: an Actor:Person node is coloured as a Person.
const LABEL_ORDER = ["Person", "Country", "Organization", "Place", "Event", "Plan", "PlanPoint", "Article"];

const STANCE_COLOURS = {
  SUPPORTS: "#2e9e44",
  REJECTS: "#d62728",
  CRITICIZES: "#ff8c1a",
  PROPOSES: "#1f6fd1",
  DEMANDS: "#8e44ad",
  THREATENS: "#8b0000",
  CLAIMS: "#6c8ebf",
  MEETS: "#17a2a2",
  ATTACKS: "#111111",
  PARTICIPATES_IN: "#8b5a2b",
};
const STRUCTURAL_COLOUR = "#b8bcc4";

const state = {
  cy: null,
  root: null, // id of the node searched for
  expanded: new Set(),
  plans: null,
  planId: null,
  matrix: null, // the last matrix read, re-drawn when the stance filter changes
  loading: 0, // requests for graph data under way
  truncated: false,
  cuts: {}, // reason -> {count, description}: what the neighbourhoods drawn left out, and why
};

// --- small helpers ---------------------------------------------------------

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "style") node.setAttribute("style", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJSON(url) {
  return (await request(url)).body;
}

// The neighborhood endpoint says in its body (cuts: reason, count, description) what its caps left out,
// and in the X-Truncated header that something was.
async function getNeighborhood(url) {
  const { body, headers } = await request(url);
  return { ...body, truncated: headers.get("X-Truncated") === "true" };
}

async function request(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = body.detail || body.title || detail;
    } catch (_) {
      /* not JSON: keep the status text */
    }
    const error = new Error(`${response.status} ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    error.status = response.status;
    throw error;
  }
  return { body: await response.json(), headers: response.headers };
}

function showMessage(text, kind = "info") {
  const box = $("message");
  box.textContent = text;
  box.className = kind === "error" ? "error" : "";
  box.hidden = !text;
}

// An article's url comes from ingested input: only http(s) becomes a link (no javascript: URLs).
function webURL(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

function primaryLabel(labels) {
  return LABEL_ORDER.find((label) => labels.includes(label)) || labels[0] || "node";
}

function isStance(type) {
  return Object.prototype.hasOwnProperty.call(STANCE_COLOURS, type);
}

function shortName(text, max = 38) {
  if (!text) return "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nodeCaption(node) {
  const props = node.properties || {};
  const label = primaryLabel(node.labels || []);
  if (label === "PlanPoint" && props.number !== undefined) {
    return props.title ? `#${props.number} ${props.title}` : `point ${props.number}`;
  }
  return node.name || props.title || node.id;
}

// --- the graph ---------------------------------------------------------------

function graphStyle() {
  const style = [
    {
      selector: "node",
      style: {
        label: "data(caption)",
        "background-color": "data(colour)",
        shape: "data(shape)",
        width: 26,
        height: 26,
        "font-size": 10,
        color: "#1f2328",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": 140,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.7,
        "text-background-padding": 1,
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    { selector: "node.root", style: { width: 40, height: 40, "font-size": 12, "font-weight": "bold", "border-width": 3, "border-color": "#1f2328" } },
    { selector: "node.expanded", style: { "border-width": 2, "border-color": "#1f2328" } },
    { selector: "node[label = 'Article']", style: { width: 18, height: 18, "font-size": 8, color: "#666" } },
    { selector: "node[label = 'PlanPoint']", style: { width: 20, height: 20, "font-size": 9 } },
    {
      selector: "edge",
      style: {
        width: 2,
        "line-color": "data(colour)",
        "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        "curve-style": "bezier",
        label: "data(type)",
        "font-size": 7,
        color: "data(colour)",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 1,
      },
    },
    // Structural links (PART_OF, LEADS, ...) stay quiet: thin, dashed, labelled only when selected.
    { selector: "edge.structural", style: { width: 1, "line-style": "dashed", label: "", "font-size": 6, color: "#8a8f98" } },
    { selector: "edge.structural:selected", style: { label: "data(type)" } },
    { selector: ":selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.25, "overlay-padding": 4 } },
    { selector: ".filtered", style: { display: "none" } },
  ];
  return style;
}

function makeGraph() {
  if (typeof window.cytoscape !== "function") {
    showMessage(
      "The graph-drawing library (Cytoscape.js) is missing: run `npm ci` in the project folder (make up does it), " +
        "then reload. Search and the plan matrix still work.",
      "error",
    );
    document.body.dataset.library = "missing";
    return null;
  }
  document.body.dataset.library = "cytoscape";
  const cy = window.cytoscape({
    container: $("cy"),
    style: graphStyle(),
    minZoom: 0.1,
    maxZoom: 4,
  });
  cy.on("tap", "node", (event) => {
    const node = event.target;
    showNodeDetails(node.data("id"));
    expand(node.data("id"));
  });
  cy.on("tap", "edge", (event) => showEdgeDetails(event.target));
  return cy;
}

function nodeElement(node) {
  const label = primaryLabel(node.labels || []);
  return {
    group: "nodes",
    data: {
      id: node.id,
      label,
      labels: node.labels || [],
      name: node.name,
      caption: shortName(nodeCaption(node)),
      colour: NODE_COLOURS[label] || "#777",
      shape: NODE_SHAPES[label] || "ellipse",
      properties: node.properties || {},
    },
  };
}

function edgeElement(edge) {
  const stance = isStance(edge.type);
  return {
    group: "edges",
    data: {
      id: `e:${edge.id}`,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      stance,
      colour: stance ? STANCE_COLOURS[edge.type] : STRUCTURAL_COLOUR,
      properties: edge.properties || {},
    },
    classes: stance ? "" : "structural",
  };
}

function addNeighborhood(data, around) {
  // New nodes start around the node they were reached from, so the layout unfolds from there.
  const cy = state.cy;
  const centre = around && around.nonempty() ? around.position() : null;
  const added = [];
  for (const node of data.nodes || []) {
    if (!cy.getElementById(node.id).empty()) continue;
    const element = nodeElement(node);
    if (centre) {
      const angle = Math.random() * 2 * Math.PI;
      element.position = { x: centre.x + 60 * Math.cos(angle), y: centre.y + 60 * Math.sin(angle) };
    }
    added.push(element);
  }
  const known = new Set((data.nodes || []).map((n) => n.id));
  cy.nodes().forEach((n) => known.add(n.id()));
  for (const edge of data.edges || []) {
    const element = edgeElement(edge);
    if (!known.has(edge.source) || !known.has(edge.target)) continue;
    if (cy.getElementById(element.data.id).empty()) added.push(element);
  }
  const fresh = cy.add(added);
  return fresh;
}

// A small neighborhood would be blown up to the maximum zoom by fitting it; cap the zoom.
const MAX_FIT_ZOOM = 1.3;

function runLayout(animate) {
  const cy = state.cy;
  cy.resize();
  // Only what is shown takes part, so hidden links do not pull the picture apart.
  const layout = cy.elements().not(".filtered").layout({
    name: "cose",
    animate: animate ? "end" : false,
    animationDuration: 400,
    fit: true,
    padding: 40,
    nodeRepulsion: () => 12000,
    idealEdgeLength: () => 80,
    nodeDimensionsIncludeLabels: true,
    randomize: false,
    componentSpacing: 60,
  });
  layout.one("layoutstop", () => {
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  });
  layout.run();
}

function neighborhoodURL(id) {
  const depth = $("depth").value;
  return `/graph/neighborhood/${encodeURIComponent(id)}?depth=${encodeURIComponent(depth)}`;
}

async function load(id) {
  if (!state.cy) return;
  showMessage("");
  let data;
  state.loading += 1;
  try {
    data = await getNeighborhood(neighborhoodURL(id));
  } catch (error) {
    showMessage(`Could not load the neighborhood of ${id}: ${error.message}`, "error");
    return;
  } finally {
    state.loading -= 1;
  }
  state.truncated = Boolean(data.truncated);
  state.cuts = {};
  addCuts(data);
  // Open the side panel first, so the layout fits the room the graph will really have.
  showPanel(el("p", { class: "hint" }, "loading…"));
  state.cy.elements().remove();
  state.expanded = new Set([id]);
  state.root = id;
  addNeighborhood(data);
  const root = state.cy.getElementById(id);
  root.addClass("root expanded");
  applyFilters();
  runLayout(false);
  updateCount();
  history.replaceState(null, "", `?node=${encodeURIComponent(id)}`);
  showNodeDetails(id);
}

async function expand(id) {
  if (!state.cy || state.expanded.has(id)) return;
  state.expanded.add(id);
  let data;
  state.loading += 1;
  try {
    data = await getNeighborhood(`/graph/neighborhood/${encodeURIComponent(id)}?depth=1`);
  } catch (error) {
    showMessage(`Could not expand ${id}: ${error.message}`, "error");
    return;
  } finally {
    state.loading -= 1;
  }
  state.truncated = state.truncated || Boolean(data.truncated);
  addCuts(data);
  const fresh = addNeighborhood(data, state.cy.getElementById(id));
  state.cy.getElementById(id).addClass("expanded");
  applyFilters();
  if (fresh.nonempty()) runLayout(true);
  updateCount();
}

function addCuts(data) {
  for (const cut of data.cuts || []) {
    const known = state.cuts[cut.reason] || { count: 0, description: cut.description };
    known.count += cut.count;
    state.cuts[cut.reason] = known;
  }
}

function cutText() {
  const cuts = Object.values(state.cuts).map((cut) => `${cut.count} ${cut.description}`);
  if (cuts.length) return ` (left out: ${cuts.join("; ")})`;
  return state.truncated ? " (neighborhood cut)" : "";
}

function updateCount() {
  const cy = state.cy;
  // By class, not :visible: Cytoscape applies style changes lazily, after this runs.
  const nodes = cy ? cy.nodes().not(".filtered").length : 0;
  const edges = cy ? cy.edges().not(".filtered").length : 0;
  const count = $("count");
  count.dataset.nodes = String(nodes);
  count.dataset.edges = String(edges);
  count.textContent = `${nodes} nodes, ${edges} edges shown${cutText()}`;
}

// --- filters -------------------------------------------------------------------

function checkedStances() {
  return new Set([...document.querySelectorAll("#stance-filters input:checked")].map((box) => box.value));
}

function edgeVisible(edge, stances, showStructural, from, to) {
  const type = edge.data("type");
  if (!edge.data("stance")) return showStructural;
  if (!stances.has(type)) return false;
  const date = edge.data("properties").date;
  if ((from || to) && !date) return false;
  if (from && date < from) return false;
  if (to && date > to) return false;
  return true;
}

function applyFilters() {
  if (state.matrix && !$("matrix-view").hidden) renderMatrix();
  const cy = state.cy;
  if (!cy) return;
  const stances = checkedStances();
  const showStructural = $("show-structural").checked;
  const from = $("date-from").value;
  const to = $("date-to").value;
  cy.batch(() => {
    cy.edges().forEach((edge) => {
      edge.toggleClass("filtered", !edgeVisible(edge, stances, showStructural, from, to));
    });
    // A node stays if it was expanded (or searched) or still has a visible edge.
    cy.nodes().forEach((node) => {
      const keep = state.expanded.has(node.id()) || node.connectedEdges().some((e) => !e.hasClass("filtered"));
      node.toggleClass("filtered", !keep);
    });
  });
  updateCount();
}

function buildFilters() {
  const box = $("stance-filters");
  for (const [type, colour] of Object.entries(STANCE_COLOURS)) {
    box.append(
      el(
        "label",
        { class: "check" },
        el("input", { type: "checkbox", value: type, checked: true, onchange: applyFilters }),
        el("span", { class: "swatch edge", style: `background:${colour}` }),
        type,
      ),
    );
  }
  const legend = $("node-legend");
  for (const label of LABEL_ORDER) {
    legend.append(el("li", {}, el("span", { class: "swatch", style: `background:${NODE_COLOURS[label]}` }), label));
  }
  $("show-structural").addEventListener("change", applyFilters);
  $("date-from").addEventListener("change", applyFilters);
  $("date-to").addEventListener("change", applyFilters);
  const setAll = (on) => {
    document.querySelectorAll("#stance-filters input").forEach((input) => {
      input.checked = on;
    });
    applyFilters();
  };
  $("stances-all").addEventListener("click", () => setAll(true));
  $("stances-none").addEventListener("click", () => setAll(false));
  $("fit").addEventListener("click", () => state.cy && state.cy.fit(undefined, 40));
  $("relayout").addEventListener("click", () => state.cy && runLayout(true));
  $("clear").addEventListener("click", () => {
    if (state.cy) state.cy.elements().remove();
    state.expanded.clear();
    state.root = null;
    updateCount();
    hideDetails();
  });
}

// --- search ----------------------------------------------------------------------

async function search(text, pickFirst) {
  const list = $("search-results");
  list.replaceChildren();
  let hits;
  try {
    hits = (await getJSON(`/search?q=${encodeURIComponent(text)}&limit=15`)).items;
  } catch (error) {
    showMessage(`Search failed: ${error.message}`, "error");
    return;
  }
  if (!hits.length) {
    list.append(el("li", { class: "empty" }, `Nothing named like “${text}”.`));
    list.hidden = false;
    return;
  }
  for (const hit of hits) {
    const label = primaryLabel(hit.labels || []);
    const others = (hit.aliases || []).filter((a) => a !== hit.name).slice(0, 3);
    list.append(
      el(
        "li",
        {
          dataset: { id: hit.id },
          onclick: () => {
            list.hidden = true;
            load(hit.id);
          },
        },
        el("span", { class: "swatch", style: `background:${NODE_COLOURS[label] || "#777"}`, title: label }),
        el("span", {}, hit.name || hit.id),
        others.length ? el("span", { class: "aka" }, others.join(", ")) : null,
      ),
    );
  }
  list.hidden = false;
  if (pickFirst) {
    // The best hit is drawn at once; the other hits come back when the search box gets focus.
    list.firstElementChild.classList.add("active");
    list.hidden = true;
    await load(hits[0].id);
  }
}

function setupSearch() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("search").value.trim();
    if (text) search(text, true);
  });
  document.addEventListener("click", (event) => {
    if (!$("search-form").contains(event.target)) $("search-results").hidden = true;
  });
  $("search").addEventListener("focus", () => {
    if ($("search-results").childElementCount) $("search-results").hidden = false;
  });
}

// --- details panel --------------------------------------------------------------

function hideDetails() {
  $("details").hidden = true;
  $("details-body").replaceChildren();
  if (state.cy) state.cy.resize();
}

function showPanel(...children) {
  $("details-body").replaceChildren(...children.filter((child) => child !== null && child !== undefined));
  $("details").hidden = false;
  if (state.cy) state.cy.resize();
}

function kindBadge(label, colour) {
  return el("span", { class: "kind", style: `background:${colour}` }, label);
}

function definitionList(pairs) {
  const list = el("dl");
  for (const [key, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", {}, key), el("dd", {}, value));
  }
  return list;
}

const HIDDEN_NODE_PROPS = new Set(["id", "name", "aliases", "search_keys"]);

async function showNodeDetails(id) {
  let node;
  try {
    node = await getJSON(`/nodes/${encodeURIComponent(id)}?limit=200`);
  } catch (error) {
    showMessage(`Could not load ${id}: ${error.message}`, "error");
    return;
  }
  const label = primaryLabel(node.labels);
  const props = node.properties || {};
  const aliases = props.aliases || [];
  const pairs = Object.entries(props)
    .filter(([key]) => !HIDDEN_NODE_PROPS.has(key))
    .map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : String(value)]);
  const stances = (node.relationships || []).filter((r) => isStance(r.type));
  showPanel(
    el("h2", {}, node.name || id),
    kindBadge(node.labels.join(" · "), NODE_COLOURS[label] || "#777"),
    aliases.length ? el("p", { class: "aka" }, `also: ${aliases.slice(0, 8).join(", ")}${aliases.length > 8 ? ", …" : ""}`) : null,
    definitionList([["id", id], ...pairs]),
    label === "Article" && webURL(props.url) ? el("p", {}, el("a", { href: webURL(props.url), target: "_blank", rel: "noopener noreferrer" }, "open the article")) : null,
    el("p", { class: "hint" }, `${(node.relationships || []).length} relationships, ${stances.length} stances. `,
      el("a", { href: `/nodes/${encodeURIComponent(id)}`, target: "_blank" }, "as JSON")),
  );
  $("details").dataset.kind = "node";
}

async function articleLink(articleId) {
  const holder = el("dd", {}, articleId);
  try {
    const article = await getJSON(`/nodes/${encodeURIComponent(articleId)}?limit=1`);
    const props = article.properties || {};
    const title = shortName(props.title || articleId, 90);
    const parts = [];
    const url = webURL(props.url);
    parts.push(url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title) : title);
    const meta = [props.source, props.published].filter(Boolean).join(", ");
    if (meta) parts.push(el("span", { class: "aka" }, ` (${meta})`));
    parts.push(" · ", el("a", { href: `/articles/${encodeURIComponent(articleId)}`, target: "_blank" }, "record"));
    holder.replaceChildren(...parts);
  } catch (error) {
    holder.append(el("span", { class: "aka" }, ` (not found: ${error.message})`));
  }
  return holder;
}

async function showEdgeDetails(edge) {
  const props = edge.data("properties") || {};
  const type = edge.data("type");
  const source = edge.source().data("name") || edge.source().id();
  const target = edge.target().data("caption") || edge.target().id();
  const confidence = typeof props.confidence === "number" ? props.confidence : null;
  const list = el("dl");
  const add = (key, value) => {
    if (value === null || value === undefined || value === "") return;
    list.append(el("dt", {}, key), value instanceof Node ? value : el("dd", {}, value));
  };
  add("date", props.date ? `${props.date}${props.date_precision ? ` (${props.date_precision})` : ""}` : null);
  add(
    "confidence",
    confidence === null
      ? null
      : el("dd", {}, el("span", { class: "confidence" }, el("span", { style: `width:${Math.round(confidence * 100)}%` })),
          ` ${confidence.toFixed(2)}`),
  );
  add("method", props.method);
  add("CAMEO code", props.code);
  add("count", props.count);
  add("role", props.role);
  if (props.article) add("article", await articleLink(props.article));
  showPanel(
    el("h2", {}, `${source} → ${target}`),
    kindBadge(type, edge.data("colour")),
    props.evidence ? el("blockquote", { id: "evidence" }, props.evidence) : el("p", { class: "hint" }, "No evidence sentence: a structural link."),
    props.quote ? el("p", {}, "Quote: ", el("q", {}, props.quote)) : null,
    list,
  );
  $("details").dataset.kind = "edge";
}

// --- plan matrix ---------------------------------------------------------------------

const STANCE_ABBREVIATIONS = {
  SUPPORTS: "SUP",
  REJECTS: "REJ",
  CRITICIZES: "CRI",
  PROPOSES: "PRO",
  DEMANDS: "DEM",
  THREATENS: "THR",
  CLAIMS: "CLA",
  MEETS: "MEE",
  ATTACKS: "ATT",
  PARTICIPATES_IN: "PAR",
};

function cellStances(cell, wanted) {
  // A cell's stances ({type: count}) of the wanted types as [{type, count}], most frequent first.
  return Object.entries(cell.stances || {})
    .filter(([type]) => wanted.has(type))
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count);
}

function matrixCell(actor, point, cell, wanted) {
  const stances = cell ? cellStances(cell, wanted) : [];
  if (!stances.length) return { element: el("td", {}), filled: false };
  const total = stances.reduce((sum, s) => sum + s.count, 0);
  const top = stances[0];
  const latest = cell.latest_date || "";
  const title = `${actor.name || actor.id} on ${pointName(point)}: ` +
    stances.map((s) => `${s.type} ×${s.count}`).join(", ") + (latest ? `; latest ${latest}` : "");
  const text = STANCE_ABBREVIATIONS[top.type] || top.type.slice(0, 3);
  const element = el("td", {
    class: "cell",
    title,
    style: `background:${STANCE_COLOURS[top.type] || "#777"}; opacity:${Math.min(1, 0.6 + 0.2 * total)}`,
    dataset: { actor: actor.id, point: point.id, types: stances.map((s) => s.type).join(",") },
    onclick: () => showCell(actor, point, stances, latest),
  }, text, stances.length > 1 || total > 1 ? el("sup", {}, stances.length > 1 ? "+" : String(total)) : null);
  return { element, filled: true };
}

function renderMatrix() {
  const data = state.matrix;
  const container = $("matrix");
  const wanted = checkedStances();
  // Columns: the plan as a whole (number null) first, then the points by number.
  const points = (data.points || []).slice().sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  const actors = data.actors || [];
  const cells = new Map();
  for (const cell of data.cells || []) cells.set(`${cell.actor}|${cell.point}`, cell);
  if (!actors.length || !points.length) {
    container.replaceChildren(el("p", { class: "hint" }, "No actor has taken a stance on this plan or its points yet."));
    $("matrix-summary").textContent = "";
    return;
  }
  let filled = 0;
  const head = el("tr", {}, el("th", {}, "actor \\ point"),
    points.map((p) => el("th", { title: p.title || "", scope: "col" }, p.number === null || p.number === undefined ? "plan" : String(p.number))));
  const body = actors.map((actor) =>
    el("tr", {}, el("th", { scope: "row", title: (actor.labels || []).join(" · ") }, actor.name || actor.id),
      points.map((point) => {
        const cell = matrixCell(actor, point, cells.get(`${actor.id}|${point.id}`), wanted);
        if (cell.filled) filled += 1;
        return cell.element;
      })));
  const numbered = points.filter((point) => point.number !== null && point.number !== undefined);
  container.replaceChildren(
    el("table", { class: "matrix", id: "matrix-table" }, el("thead", {}, head), el("tbody", {}, body)),
    el("details", { class: "points", open: true }, el("summary", {}, "What the points say"),
      el("ol", {}, numbered.map((point) => el("li", { value: String(point.number) }, point.title || point.id)))),
  );
  const more = data.total > actors.length ? ` (the ${actors.length} with most stances of ${data.total})` : "";
  $("matrix-summary").textContent = `${actors.length} actors${more} × ${points.length - 1} points and the plan as a whole; ` +
    `${filled} cells hold stances of the chosen types. Click a cell for details.`;
}

function pointName(point) {
  if (point.number === null || point.number === undefined) return "the plan as a whole";
  return `point ${point.number}${point.title ? ` (${point.title})` : ""}`;
}

async function showCell(actor, point, stances, latest) {
  const evidence = el("div", { id: "cell-evidence" }, el("p", { class: "hint" }, "loading the evidence…"));
  showPanel(
    el("h2", {}, `${actor.name || actor.id} on ${pointName(point)}`),
    definitionList([
      ...stances.map((s) => [s.type, `${s.count} time${s.count === 1 ? "" : "s"}`]),
      ["latest", latest],
    ]),
    evidence,
    el("p", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); switchView("graph-view"); load(actor.id); } }, `show ${actor.name || actor.id} in the graph`)),
  );
  $("details").dataset.kind = "cell";
  // The statements behind the cell: the actor's stance edges onto this point (or the plan).
  const wanted = new Set(stances.map((s) => s.type));
  let node;
  try {
    node = await getJSON(`/nodes/${encodeURIComponent(actor.id)}?limit=2000`);
  } catch (error) {
    evidence.replaceChildren(el("p", { class: "hint" }, `Could not load the evidence: ${error.message}`));
    return;
  }
  const rows = (node.relationships || [])
    .filter((r) => r.direction === "out" && r.other_id === point.id && wanted.has(r.type))
    .sort((a, b) => String(a.properties.date || "").localeCompare(String(b.properties.date || "")));
  evidence.replaceChildren(...rows.map((r) => el("div", { class: "statement" },
    el("span", { class: "kind", style: `background:${STANCE_COLOURS[r.type] || "#777"}` }, r.type),
    " ", el("span", { class: "aka" }, [r.properties.date, r.properties.confidence !== undefined ? `confidence ${Number(r.properties.confidence).toFixed(2)}` : null].filter(Boolean).join(" · ")),
    el("blockquote", {}, r.properties.evidence || "(no sentence)"),
    r.properties.article ? el("a", { href: `/articles/${encodeURIComponent(r.properties.article)}`, target: "_blank" }, "article record") : null,
  )));
}

async function loadMatrix(planId) {
  state.planId = planId;
  $("matrix").replaceChildren(el("p", { class: "hint" }, "loading…"));
  try {
    state.matrix = await getJSON(`/plans/${encodeURIComponent(planId)}/matrix?limit=200`);
    renderMatrix();
  } catch (error) {
    $("matrix").replaceChildren(el("p", { class: "hint" }, `Could not load the matrix: ${error.message}`));
  }
}

async function openMatrix() {
  const select = $("plan-select");
  if (!state.plans) {
    try {
      const page = await getJSON("/plans?limit=100");
      state.plans = page.items || [];
    } catch (error) {
      $("matrix").replaceChildren(el("p", { class: "hint" }, `Could not list the plans: ${error.message}`));
      return;
    }
    select.replaceChildren(...state.plans.map((plan) => el("option", { value: plan.id }, plan.name || plan.id)));
    const preferred = state.plans.find((plan) => /28-point/.test(plan.id)) || state.plans[0];
    if (preferred) select.value = preferred.id;
    select.addEventListener("change", () => loadMatrix(select.value));
  }
  const legend = $("matrix-legend");
  if (!legend.childElementCount) {
    for (const [type, colour] of Object.entries(STANCE_COLOURS)) {
      legend.append(el("span", {}, el("span", { class: "swatch edge", style: `background:${colour}` }), `${STANCE_ABBREVIATIONS[type]} ${type}`));
    }
  }
  if (select.value) await loadMatrix(select.value);
  else $("matrix").replaceChildren(el("p", { class: "hint" }, "No plan in the graph yet."));
}

function switchView(view) {
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.view === view);
  $("graph-view").hidden = view !== "graph-view";
  $("matrix-view").hidden = view !== "matrix-view";
  if (view === "matrix-view") openMatrix();
  else if (state.cy) state.cy.resize();
}

// --- start -------------------------------------------------------------------------------

function start() {
  buildFilters();
  setupSearch();
  $("details-close").addEventListener("click", hideDetails);
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => switchView(tab.dataset.view));
  state.cy = makeGraph();
  const wanted = new URLSearchParams(location.search).get("node");
  if (wanted && state.cy) load(wanted);
  else if (state.cy) showMessage("Search for an actor, a place or a plan to see its neighborhood.");
  document.body.dataset.ready = "true";
}

start();
