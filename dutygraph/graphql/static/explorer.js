// dutygraph explorer: search records, draw their neighbourhood, draw findings, traces and routed complaints. It talks to the
// GraphQL API only (/graphql), with the bearer token the user gives; nothing is loaded from elsewhere.
"use strict";

const $ = (id) => document.getElementById(id);
const T = window.DUTYGRAPH_TEXT || {};  // the page's words in its language, from the server
const COLORS = {
  Organization: "#3572b0", Unit: "#5dade2", Post: "#27ae60", Person: "#8e44ad", Duty: "#e67e22",
  Power: "#d35400", Subject: "#c0392b", Incident: "#2c3e50", Provision: "#7f8c8d",
};

const cy = cytoscape({
  container: $("graph"),
  style: [
    { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 90,
      "background-color": (n) => COLORS[n.data("kind")] || "#95a5a6", color: "#222", "text-valign": "bottom" } },
    { selector: "edge", style: { label: "data(label)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle",
      width: 1.5, "line-color": "#999", "target-arrow-color": "#999", "text-rotation": "autorotate", color: "#555" } },
    { selector: 'edge[role = "lead"]', style: { width: 3, "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
    { selector: 'edge[role = "cooperating"]', style: { "line-style": "dashed" } },
    { selector: 'edge[postRole = "backup"]', style: { "line-style": "dotted", width: 1.5 } },
    { selector: 'node[postRole = "primary"]', style: { "border-width": 3, "border-color": "#145a32" } },
    { selector: 'node[postRole = "backup"]', style: { "border-width": 2, "border-style": "dashed", "border-color": "#145a32" } },
    { selector: "node[?faded]", style: { opacity: 0.45 } },
  ],
});
window.cy = cy;

async function gql(query, variables) {
  const headers = { "Content-Type": "application/json", "Accept-Language": T.lang || "zh" };
  const token = $("token").value || localStorage.getItem("dutygraph-token") || "";
  if (token) {
    headers.Authorization = "Bearer " + token;
    localStorage.setItem("dutygraph-token", token);
  }
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  $("error").textContent = body.errors ? body.errors.map((e) => `${e.extensions.code}: ${e.message}`).join("; ") : "";
  return body.data;
}

function draw(nodes, edges, layout) {
  cy.elements().remove();
  const seen = new Set();
  for (const n of nodes) {
    if (!seen.has(n.id)) {
      seen.add(n.id);
      cy.add({ group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, role: n.role, postRole: n.postRole, faded: n.answers === false } });
    }
  }
  edges.forEach((e, i) => {
    if (seen.has(e.source) && seen.has(e.target)) {
      cy.add({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, label: e.label || e.kind, role: e.role, postRole: e.postRole } });
    }
  });
  cy.layout(layout || { name: "cose", animate: false, nodeRepulsion: 9000 }).run();
  cy.fit(undefined, 30);
}

function item(list, text, onClick) {
  const li = document.createElement("li");
  li.textContent = text;
  if (onClick) li.addEventListener("click", onClick);
  list.appendChild(li);
  return li;
}

async function neighbourhood(id) {
  const data = await gql("query($id: ID!) { neighbourhood(id: $id) { nodes { id kind label } edges { source target kind } } }", { id });
  if (data && data.neighbourhood) draw(data.neighbourhood.nodes, data.neighbourhood.edges);
}

cy.on("tap", "node", (event) => neighbourhood(event.target.id()));

$("search").addEventListener("click", async () => {
  const data = await gql("query($t: String!) { search(text: $t) { id kind label } }", { t: $("q").value });
  $("hits").innerHTML = "";
  for (const hit of (data && data.search) || []) {
    const kind = (T.kinds && T.kinds[hit.kind]) || hit.kind;
    item($("hits"), `${hit.label}（${kind}）`, () => neighbourhood(hit.id)).dataset.id = hit.id;
  }
});

$("overlaps").addEventListener("click", async () => {
  const data = await gql(
    `query($d: Date) { overlaps(asOf: $d, first: 100) { nodes { variant message organizations taxonomyPaths subjects
       about { id __typename ... on Duty { anchor text } ... on Power { name } } } } }`,
    { d: $("date").value || null });
  $("findings").innerHTML = "";
  for (const f of (data && data.overlaps.nodes) || []) {
    item($("findings"), f.message, () => drawOverlap(f));
  }
});

function drawOverlap(f) {
  const path = (f.taxonomyPaths[0] && f.taxonomyPaths[0].length ? f.taxonomyPaths[0] : f.subjects.slice(0, 1));
  const nodes = [], edges = [];
  f.organizations.forEach((org, i) => {
    nodes.push({ id: "org:" + org, label: org, kind: "Organization" });
    const record = f.about[i];
    if (record) {
      nodes.push({ id: record.id, label: record.anchor ? `${record.anchor} ${record.text.slice(0, 30)}` : record.name, kind: record.__typename });
      edges.push({ source: "org:" + org, target: record.id, label: T.holds });
      const subject = i === 0 ? path[0] : path[path.length - 1];
      edges.push({ source: record.id, target: "s:" + subject, label: T.on });
    }
  });
  path.forEach((label, i) => {
    nodes.push({ id: "s:" + label, label, kind: "Subject" });
    if (i + 1 < path.length) edges.push({ source: "s:" + label, target: "s:" + path[i + 1], label: T.under });
  });
  draw(nodes, edges, { name: "breadthfirst", directed: true, spacingFactor: 1.2 });
}

$("trace").addEventListener("click", async () => {
  const incident = $("t-incident").value.trim();
  const variables = incident
    ? { incident }
    : { subject: $("t-subject").value.trim(), date: $("date").value || null,
        region: $("t-region").value.trim() || null, place: $("t-place").value.trim() || null };
  const data = await gql(
    `query($incident: ID, $subject: String, $date: Date, $region: String, $place: String) {
       trace(incident: $incident, subject: $subject, date: $date, region: $region, place: $place) {
         date subject competences organizations entity structural { name message }
         links { side responsibility responsibilityName role roleName postRole postRoleName answers organization unit
                 post postId person personId because competences structural { name message } } } }`,
    variables);
  $("chain").innerHTML = "";
  if (!data || !data.trace) return;
  const t = data.trace;
  // lead and cooperating, A角 and B角 are told apart at a glance: solid and dashed lines, full and faded posts
  const nodes = [{ id: "subject", label: `${t.subject} · ${t.date}`, kind: "Incident" }], edges = [];
  const roleOf = {};
  for (const c of t.competences || []) {
    roleOf[c.id] = c.role;
    nodes.push({ id: c.id, label: `${c.organization}（${c.role === "cooperating" ? T.cooperating : T.lead}）\n${String(c.title).slice(0, 16)}…`, kind: c.kind, role: c.role });
    edges.push({ source: "subject", target: c.id, label: T.covered_by, role: c.role });
  }
  for (const s of t.structural || []) {
    const li = item($("chain"), `⚠ ${s.name}：${s.message}`);
    li.className = "structural";
  }
  for (const link of t.links) {
    const post = link.postId || ("post:" + link.organization + link.post);
    const postLabel = `${link.post || T.no_post}${link.postRoleName ? "\n" + link.postRoleName : ""}`;
    nodes.push({ id: post, label: postLabel, kind: link.side === "enterprise" ? "Organization" : "Post",
                 postRole: link.postRole, answers: link.answers, role: link.role });
    if (link.side === "enterprise") edges.push({ source: "subject", target: post, label: link.responsibilityName });
    for (const c of link.competences) edges.push({ source: c, target: post, label: link.responsibilityName, role: roleOf[c], postRole: link.postRole });
    if (link.person) {
      nodes.push({ id: "person:" + (link.personId || link.person), label: link.person, kind: "Person", answers: link.answers });
      edges.push({ source: post, target: "person:" + (link.personId || link.person), label: T.held_by });
    }
    const parts = [link.responsibilityName, link.roleName, link.organization, link.post || "", link.postRoleName, link.person || T.vacant];
    const li = item($("chain"), parts.filter((x) => x).join(" · "));
    li.className = "resp-" + link.responsibility + (link.role === "cooperating" ? " cooperating" : "") + (link.answers ? "" : " not-answering");
    const why = document.createElement("div");
    why.className = "why";
    why.textContent = link.because;
    li.appendChild(why);
    for (const s of link.structural || []) {
      const warn = document.createElement("div");
      warn.className = "structural";
      warn.textContent = `⚠ ${s.name}：${s.message}`;
      li.appendChild(warn);
    }
  }
  draw(nodes, edges, { name: "breadthfirst", directed: true, roots: ["subject"], spacingFactor: 1.7 });
});

const ROUTE_QUERY = (persons) => `query($text: String!, $date: Date!, $region: String, $by: String) {
  route(text: $text, date: $date, region: $region, receivedBy: $by) {
    date nothingMatched overlap gap nearest
    matched { subjects { label words } actions { label words } unmatched }
    candidates { id organization role roleName because
                 posts { post postId postRole postRoleName answers ${persons ? "person personId" : ""} } }
    overlaps { name message } gaps { name message }
    decision { action to reason } deadline { name kind limit due } } }`;

$("route").addEventListener("click", async () => {
  const variables = { text: $("c-text").value.trim(), date: $("date").value || new Date().toISOString().slice(0, 10),
                      region: $("c-region").value.trim() || null, by: $("c-received").value.trim() || null };
  // persons are for the inspector role: a reader (a hotline desk) gets the posts without their holders
  let data = await gql(ROUTE_QUERY(true), variables);
  if (data && data.route && $("error").textContent.includes("FORBIDDEN")) data = await gql(ROUTE_QUERY(false), variables);
  $("routed").innerHTML = "";
  if (!data || !data.route) return;
  const r = data.route;
  const list = $("routed");
  if (r.nothingMatched) {
    item(list, T.nothing_matched);
    if (r.matched.unmatched.length) item(list, T.looked_like.replace("{words}", r.matched.unmatched.join("、")));
    cy.elements().remove();
    return;
  }
  const read = [...r.matched.subjects, ...r.matched.actions].map((m) => `${m.label}（“${m.words}”）`).join("、");
  item(list, `${T.read_as}：${read}`);
  for (const f of [...r.overlaps, ...r.gaps]) item(list, `⚠ ${f.name}：${f.message}`).className = "structural";
  if (r.nearest.length) item(list, `${T.nearest}：${r.nearest.map((n) => n.organization).join("、")}`);
  if (r.decision) item(list, `${T.decision}：${r.decision.to.join("、")} — ${r.decision.reason}`);
  if (r.deadline) item(list, `${T.deadline}：${r.deadline.due}（${r.deadline.limit}，${r.deadline.name}）`);
  const nodes = [{ id: "complaint", label: `${T.complaint} · ${r.date}`, kind: "Incident" }], edges = [];
  for (const c of r.candidates) {
    nodes.push({ id: "org:" + c.id, label: `${c.organization}（${c.roleName}）`, kind: "Organization", role: c.role });
    edges.push({ source: "complaint", target: "org:" + c.id, label: c.roleName, role: c.role });
    const li = item(list, `${c.organization} · ${c.roleName}`);
    li.className = c.role === "cooperating" ? "cooperating" : "";
    for (const p of c.posts) {
      const post = p.postId || "post:" + c.id + p.post;
      nodes.push({ id: post, label: `${p.post}${p.person ? "\n" + p.person : ""}`, kind: "Post", postRole: p.postRole, answers: p.answers });
      edges.push({ source: "org:" + c.id, target: post, postRole: p.postRole, role: c.role, label: p.postRoleName || "" });
    }
  }
  draw(nodes, edges, { name: "breadthfirst", directed: true, roots: ["complaint"], spacingFactor: 1.5 });
});
