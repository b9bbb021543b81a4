// The staff page: send a round (a file, or one unit filled in), show each unit's lists, explain an
// item, download the round's files. Plain JavaScript, no build step, nothing fetched from elsewhere.
"use strict";

const KINDS = [["policy", "政策清单"], ["function", "职能清单"], ["supervision_info", "综合监督信息清单"],
  ["problem", "问题清单"]];
const METHODS = {briefing: "听取工作汇报", interview: "个别谈话", petition: "受理信访", spot_check: "抽查核实",
  survey: "问卷调查和民主测评", document_review: "调阅资料", forum: "召开座谈会", attend_meeting: "列席会议",
  site_visit: "实地走访", request_assistance: "提请协助", special_check: "专项检查", data_comparison: "数据比对"};
const $ = (id) => document.getElementById(id);
let sent = null;      // {body, type}: the round as sent, to send again for files
let packs = [];
let types = null;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

async function call(path, body, type) {
  const response = await fetch(path, {method: "POST", headers: {"Content-Type": type, "Accept-Language": "zh"},
    body: body});
  if (!response.ok) {
    let detail;
    try { detail = await response.json(); } catch (e) { detail = {title: "服务出错（" + response.status + "）", problems: []}; }
    throw detail;
  }
  return response;
}

function showProblems(detail) {
  const box = $("problems");
  box.replaceChildren(el("strong", detail.title + (detail.detail ? "：" + detail.detail : "")));
  const list = el("ul");
  for (const p of detail.problems || []) {
    const where = p.file + (p.line ? ":" + p.line : "") + (p.column ? ":" + p.column : "");
    list.append(el("li", where + (p.field ? " " + p.field : "") + "：" + p.message + (p.hint ? "（" + p.hint + "）" : "")));
  }
  box.append(list);
  box.hidden = false;
}

async function send(body, type) {
  $("problems").hidden = true;
  $("result").hidden = true;
  try {
    const response = await call("/rounds/packs?lang=zh", body, type);
    packs = await response.json();
    sent = {body, type};
    showUnits();
  } catch (detail) {
    showProblems(detail);
  }
}

function showUnits() {
  const nav = $("units");
  nav.replaceChildren();
  packs.forEach((pack, n) => {
    const button = el("button", pack.unit.name);
    button.type = "button";
    button.setAttribute("role", "tab");
    button.addEventListener("click", () => showPack(n));
    nav.append(button);
  });
  $("result").hidden = false;
  showPack(0);
}

function showPack(n) {
  const pack = packs[n];
  [...$("units").children].forEach((b, i) => b.setAttribute("aria-selected", String(i === n)));
  const lists = $("lists");
  lists.replaceChildren();
  const c = pack.classification;
  const subtypes = c.subtypes.map((s) => s.label).join("、") || "无";
  lists.append(el("p", "单位类型：" + c.type_label + "；分类：" + subtypes + "；巡察开始：" + pack.round.start, "classification"));
  for (const notice of pack.notices || []) lists.append(el("p", notice.message, "muted"));
  const policies = {};
  for (const item of pack.policy.items) policies[item.id] = item.citation ? item.citation.title : item.text;
  KINDS.forEach(([kind, title], k) => {
    const list = pack[kind];
    lists.append(el("h2", "一二三四"[k] + "、" + title + "（" + list.items.length + "项）"));
    const table = el("table");
    table.dataset.kind = kind;
    const head = el("tr");
    for (const h of ["序号", "内容", kind === "problem" ? "依据" : kind === "policy" ? "文件" : "说明"]) head.append(el("th", h));
    table.append(head);
    const sections = Object.fromEntries(list.sections.map((s) => [s.id, s]));
    let current = null;
    for (const item of list.items) {
      if (item.section !== current) {
        current = item.section;
        const s = sections[current];
        const row = el("tr", null, "section");
        const cell = el("td", s ? (s.level === 1 ? s.number + "、" : s.number) + s.title : current);
        cell.colSpan = 3;
        row.append(cell);
        table.append(row);
      }
      const row = el("tr", null, "item");
      row.dataset.item = item.id;
      row.append(el("td", item.outline, "n"), el("td", item.text));
      let extra = "";
      if (kind === "problem") {
        extra = item.basis.map((b) => policies[b] || b).join("；");
        if (item.methods.length) extra += "\n检查方法：" + item.methods.map((m) => METHODS[m] || m).join("、");
      } else if (kind === "policy" && item.citation) {
        const ct = item.citation;
        extra = ct.title + [ct.issuer, ct.doc_number, ct.year].filter(Boolean).map((x) => "，" + x).join("");
      } else if (kind === "supervision_info") {
        extra = item.period || "";
      }
      const cell = el("td", extra);
      cell.style.whiteSpace = "pre-wrap";
      row.append(cell);
      row.addEventListener("click", () => explain(pack, item.id, row));
      table.append(row);
    }
    lists.append(table);
  });
  lists.append(el("h2", "五、调阅资料清单（" + pack.materials.length + "项）"));
  const table = el("table");
  table.dataset.kind = "materials";
  const head = el("tr");
  for (const h of ["序号", "资料名称"]) head.append(el("th", h));
  table.append(head);
  pack.materials.forEach((m, i) => {
    const row = el("tr");
    row.append(el("td", String(i + 1), "n"), el("td", m.label));
    table.append(row);
  });
  lists.append(table);
  $("why").hidden = true;
}

function roundOf(pack) {
  const r = pack.round;
  const round = {id: r.id, name: r.name, mode: r.mode, start: r.start, review_from: r.review_from,
    programs: (r.named_programs && r.named_programs.length ? r.named_programs.map((p) => p.id) : r.programs)};
  if (r.theme) round.theme = r.theme;
  if (r.end) round.end = r.end;
  return round;
}

async function explain(pack, itemId, row) {
  document.querySelectorAll("tr.item.chosen").forEach((r) => r.classList.remove("chosen"));
  row.classList.add("chosen");
  $("why").hidden = false;
  $("why-text").textContent = "正在查询……";
  try {
    const response = await call("/explain?lang=zh", JSON.stringify({unit: pack.unit, round: roundOf(pack), item: itemId}),
      "application/json");
    const found = await response.json();
    const entry = found.entries[0];
    const lines = [];
    if (entry) {
      lines.push((entry.included ? "列入" : "未列入") + "：" + entry.item);
      lines.push("收录规则：" + entry.rule);
      lines.push("适用条件：" + entry.condition);
      for (const reason of entry.reasons) lines.push("未列入原因：" + reason);
      lines.push("条目所在：" + entry.where);
    }
    const subtypes = pack.classification.subtypes.map((x) => x.label).join("、") || "无";
    lines.push("单位：" + pack.classification.type_label + "，分类：" + subtypes + "（画像 " + found.profile.join(" → ") + "）");
    $("why-text").textContent = lines.join("\n");
  } catch (detail) {
    $("why-text").textContent = (detail.problems || []).map((p) => p.message).join("\n") || detail.title;
  }
}

async function download(formats) {
  if (!sent) return;
  const state = $("download-state");
  state.textContent = "正在生成……";
  try {
    const response = await call("/rounds?lang=zh&formats=" + encodeURIComponent(formats), sent.body, sent.type);
    const blob = await response.blob();
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    link.download = (name ? name[1].replace(/\.zip$/, "") : "round") + "-" + formats.split(",")[0] + ".zip";
    document.body.append(link);
    link.click();
    link.remove();
    state.textContent = "已下载 " + link.download;
  } catch (detail) {
    state.textContent = "";
    showProblems(detail);
  }
}

function tab(which) {
  $("tab-file").setAttribute("aria-selected", String(which === "file"));
  $("tab-unit").setAttribute("aria-selected", String(which === "unit"));
  $("file-form").hidden = which !== "file";
  $("unit-form").hidden = which !== "unit";
}

function showAttributes() {
  const box = $("attributes");
  box.replaceChildren(el("legend", "单位属性（不清楚的可不填）"));
  const type = types.unit_types.find((t) => t.id === $("unit-type").value);
  for (const [name, spec] of Object.entries(type ? type.attributes : {})) {
    const label = el("label", spec.label + (spec.unit ? "（" + spec.unit + "）" : ""));
    let input;
    if (spec.type === "boolean") {
      input = el("input");
      input.type = "checkbox";
    } else if (spec.type === "enum") {
      input = el("select");
      input.append(el("option", ""));
      for (const v of spec.values || []) input.append(el("option", v));
    } else {
      input = el("input");
      input.type = spec.type === "integer" || spec.type === "number" ? "number" : spec.type === "date" ? "date" : "text";
      if (spec.type === "number") input.step = "any";
    }
    input.dataset.attribute = name;
    input.dataset.kind = spec.type;
    label.append(input);
    box.append(label);
  }
}

function unitRound() {
  const attributes = {};
  for (const input of $("attributes").querySelectorAll("[data-attribute]")) {
    const kind = input.dataset.kind;
    if (kind === "boolean") { if (input.checked) attributes[input.dataset.attribute] = true; continue; }
    if (input.value === "") continue;
    attributes[input.dataset.attribute] = kind === "integer" ? parseInt(input.value, 10)
      : kind === "number" ? parseFloat(input.value) : input.value;
  }
  const signals = [...$("signals").querySelectorAll("input:checked")].map((i) => ({topic: i.value}));
  const unit = {id: "u1", name: $("unit-name").value, type: $("unit-type").value, attributes, signals};
  return {id: "page", name: $("round-name").value, start: $("round-start").value, units: [unit]};
}

async function start() {
  $("tab-file").addEventListener("click", () => tab("file"));
  $("tab-unit").addEventListener("click", () => tab("unit"));
  $("round-start").value = new Date().toISOString().slice(0, 10);
  $("file-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = [...$("round-file").files];
    if (!chosen.length) { showProblems({title: "请先选择轮次文件", problems: []}); return; }
    if (chosen.length === 1) {
      const json = /\.json$/i.test(chosen[0].name);
      await send(await chosen[0].text(), json ? "application/json" : "application/yaml");
      return;
    }
    const files = {};
    for (const file of chosen) files[file.name] = await file.text();
    await send(JSON.stringify({files}), "application/json");
  });
  $("unit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await send(JSON.stringify(unitRound()), "application/json");
  });
  for (const button of document.querySelectorAll(".downloads button")) {
    button.addEventListener("click", () => download(button.dataset.formats));
  }
  try {
    const health = await (await fetch("/healthz")).json();
    $("library").textContent = "内容库 " + health.library + "，共 " + health.items + " 个条目；checklists " + health.version;
    types = await (await fetch("/types")).json();
    for (const t of types.unit_types) {
      const option = el("option", t.label);
      option.value = t.id;
      $("unit-type").append(option);
    }
    $("unit-type").addEventListener("change", showAttributes);
    showAttributes();
    for (const s of types.signal_topics) {
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.value = s.id;
      label.append(box, document.createTextNode(s.label));
      $("signals").append(label);
    }
  } catch (e) {
    $("library").textContent = "无法连接服务";
  }
}

start();
