// peace-talks serve: progressive enhancement of the record form. Without this script every button still works
// (the server draws the form again); with it the record is checked as you type and findings appear beside
// their fields, with the same codes and messages as `peace-talks validate`.
(function () {
  "use strict";
  const form = document.querySelector("form.record[data-check]");
  if (!form) return;
  const panel = document.getElementById("live-findings");
  const verdict = document.getElementById("live-verdict");
  let timer = null, sequence = 0;

  function clear() {
    form.querySelectorAll("ul.findings.live").forEach((n) => n.remove());
    form.querySelectorAll("[aria-invalid=true]").forEach((n) => n.removeAttribute("aria-invalid"));
  }

  function place(finding) {
    const item = document.createElement("li");
    item.className = finding.severity;
    const code = document.createElement("code");
    code.textContent = finding.code;
    const link = document.createElement("a");
    link.href = finding.explain;
    link.appendChild(code);
    item.appendChild(link);
    item.appendChild(document.createTextNode(" " + finding.message));
    // the nearest drawn field: the value itself, else its closest enclosing object or list
    let path = finding.field, target = null;
    while (true) {
      target = form.querySelector('[data-path="' + CSS.escape(path) + '"]');
      if (target || !path) break;
      path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
    }
    if (target) {
      let list = target.querySelector(":scope > ul.findings.live");
      if (!list) {
        list = document.createElement("ul");
        list.className = "findings live";
        const summary = target.querySelector(":scope > summary, :scope > legend");
        if (summary) summary.after(list); else target.appendChild(list);
      }
      list.appendChild(item);
      const control = form.querySelector('[name="' + CSS.escape(finding.field) + '"]');
      if (control) control.setAttribute("aria-invalid", "true");
      if (target.tagName === "DETAILS") target.open = true;
    }
    return item.cloneNode(true);
  }

  function show(result) {
    clear();
    panel.replaceChildren();
    for (const f of result.findings) panel.appendChild(place(f));
    form.querySelectorAll("output.date-preview").forEach((o) => {
      const text = result.dates[o.dataset.for];
      o.textContent = text || "";
      o.classList.toggle("bad", !!text && text.startsWith("not a date"));
    });
    const errors = result.findings.filter((f) => f.severity === "error").length;
    const warnings = result.findings.length - errors;
    verdict.textContent = errors ? `${errors} error(s), ${warnings} warning(s): can be kept only as a draft`
      : (warnings ? `valid, ${warnings} warning(s)` : "valid");
    verdict.className = "badge " + (errors ? "err" : (warnings ? "warn" : "ok"));
    form.dataset.errors = String(errors);
  }

  async function check() {
    const mine = ++sequence;
    const body = new FormData(form);
    body.set("_action", "check");
    try {
      const response = await fetch(form.dataset.check, {method: "POST", body, headers: {"X-CSRF-Token": body.get("_csrf")}});
      if (!response.ok || mine !== sequence) return;
      show(await response.json());
    } catch (e) { /* the server went away: the next change tries again */ }
  }

  function later() { clearTimeout(timer); timer = setTimeout(check, 350); }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  check();
})();

// Reference fields: as you type, the records of the right types whose id, name or other names hold the text;
// pick one with the mouse or the arrow keys and Enter. When none fits, offer to create a stub of that name.
(function () {
  "use strict";
  let box = null, owner = null, timer = null, active = -1;

  function close() {
    if (box) box.remove();
    if (owner) owner.setAttribute("aria-expanded", "false");
    box = null; owner = null; active = -1;
  }

  function pick(input, id) {
    input.value = id;
    close();
    input.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function show(input, items) {
    close();
    owner = input;
    box = document.createElement("ul");
    box.className = "suggest";
    box.setAttribute("role", "listbox");
    for (const item of items) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.id = item.id;
      const name = document.createElement("strong");
      name.textContent = item.name || item.id;
      const id = document.createElement("span");
      id.className = "muted small";
      id.textContent = " " + item.id;
      li.append(name, id);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(input, item.id); });
      box.appendChild(li);
    }
    const typed = input.value.trim();
    if (typed && !typed.includes(":")) {
      const kind = input.dataset.refs.split(" ")[0];
      const li = document.createElement("li");
      li.className = "create";
      const link = document.createElement("a");
      link.href = "/new?type=" + encodeURIComponent(kind) + "&name=" + encodeURIComponent(typed);
      link.target = "_blank";
      link.textContent = `Create a ${kind.replace("_", " ")} named "${typed}"...`;
      li.appendChild(link);
      box.appendChild(li);
    }
    box.style.left = input.offsetLeft + "px";
    box.style.width = Math.max(input.offsetWidth, 320) + "px";
    box.style.top = (input.offsetTop + input.offsetHeight) + "px";
    input.after(box);
    input.setAttribute("aria-expanded", "true");
  }

  async function suggest(input) {
    const q = input.value.trim();
    if (!q) { close(); return; }
    const response = await fetch("/api/refs?types=" + encodeURIComponent(input.dataset.refs) + "&q=" + encodeURIComponent(q));
    if (response.ok && document.activeElement === input) show(input, await response.json());
  }

  document.addEventListener("input", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.refs) return;
    clearTimeout(timer);
    timer = setTimeout(() => suggest(input), 150);
  });
  document.addEventListener("keydown", (e) => {
    if (!box || e.target !== owner) return;
    const options = [...box.querySelectorAll("li[data-id]")];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = Math.max(0, Math.min(options.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
      options.forEach((o, i) => o.classList.toggle("active", i === active));
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      pick(owner, options[active].dataset.id);
    } else if (e.key === "Escape") {
      close();
    }
  });
  document.addEventListener("focusout", (e) => { if (e.target === owner) setTimeout(close, 150); });
})();

// The source text beside the form (with --texts): the record's quotes marked; a passage selected in it fills an
// evidence item's source, quote and offsets. Offsets count Unicode code points of the raw text, as the grounding
// check does; the text comes as JSON, so that its line ends stay as stored.
(function () {
  "use strict";
  const pick = document.getElementById("source-pick");
  const pane = document.getElementById("source-text");
  if (!pick || !pane) return;
  const marks = JSON.parse(document.getElementById("source-marks").textContent || "{}");
  let raw = "";

  // code points <-> UTF-16 units of `raw`
  function units(points) { let u = 0, p = 0; for (const ch of raw) { if (p === points) break; u += ch.length; p++; } return u; }
  function points(unitsAt) { return [...raw.slice(0, unitsAt)].length; }

  async function load() {
    const response = await fetch("/api/text?source=" + encodeURIComponent(pick.value));
    if (!response.ok) { pane.textContent = "(no text)"; return; }
    raw = (await response.json()).text;
    pane.replaceChildren();
    let at = 0;
    const spans = (marks[pick.value] || []).map(([s, e]) => [units(s), units(e)]).sort((a, b) => a[0] - b[0]);
    for (const [s, e] of spans) {
      if (s < at) continue;
      pane.append(document.createTextNode(raw.slice(at, s)));
      const mark = document.createElement("mark");
      mark.textContent = raw.slice(s, e);
      pane.append(mark);
      at = e;
    }
    pane.append(document.createTextNode(raw.slice(at)));
    const first = pane.querySelector("mark");
    if (first) pane.scrollTop = first.offsetTop - pane.offsetTop - 40;
  }

  // the selection inside the pane, as UTF-16 offsets of `raw`
  function selected() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!pane.contains(range.startContainer) || !pane.contains(range.endContainer)) return null;
    function offset(node, within) {
      let total = 0;
      const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        if (walker.currentNode === node) return total + within;
        total += walker.currentNode.textContent.length;
      }
      return total;
    }
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    return start < end ? [start, end] : null;
  }

  function set(name, value) {
    const field = document.querySelector('[name="' + CSS.escape(name) + '"]');
    if (field) { field.value = value; field.dispatchEvent(new Event("input", {bubbles: true})); }
  }

  document.querySelectorAll("button.use-quote").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const span = selected();
      if (!span) { button.textContent = "Select a passage of the source text first"; return; }
      const path = button.dataset.evidence;
      set(path + ".source", pick.value);
      set(path + ".quote", raw.slice(span[0], span[1]));
      set(path + ".start", String(points(span[0])));
      set(path + ".end", String(points(span[1])));
      button.textContent = "Use the selected text";
    });
  });
  pick.addEventListener("change", load);
  load();
})();
