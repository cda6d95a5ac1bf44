/* brief's search: Material's search box, answered by Pagefind (pagefind/, made by `brief site`).
 *
 * Pagefind finds the pages; this script orders them as a reader of a brief expects and draws
 * them in Material's result list:
 *   1. the registry entries the query names, by name or alias ("Iraqi Prime Minister", "KH"), or else
 *      those whose names it begins ("Katai");
 *   2. the notes filed under the entry the query names whole, newest first;
 *   3. pages holding the query as a phrase (when it has several words), in the order Pagefind ranks them
 *      for the query's words (its phrase search scores every page alike);
 *   4. every other page Pagefind finds, in its order.
 * A note shows its date, its grade (B2) and its summary; filters narrow by country, actor, source, tag.
 * Nothing from the index is ever inserted as HTML: text only, and <mark> elements made here.
 * Loaded only when the site has no Material search plugin (the offline copy keeps Material's).
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const form = document.forms.namedItem("brief-search");
  const toggle = document.getElementById("__search");
  if (!script || !form || !toggle) return;

  const here = new URL(script.src); // <site>/assets/search.js
  const site = new URL("../", here);
  const box = form.closest(".md-search");
  const input = form.elements.namedItem("query");
  const result = box.querySelector(".md-search-result");
  const meta = result.querySelector(".md-search-result__meta");
  const list = result.querySelector(".md-search-result__list");
  const bar = result.querySelector(".brief-search-filters");
  const words = box.dataset; // Material's translations: placeholder, none, one, other
  const PAGE = 10; // results drawn at a time
  const NAMED = 3; // registry entries put first at most
  const PAUSE = 40; // milliseconds without a key before searching

  let loading = null; // Promise of { pagefind, names }
  let asked = 0; // the number of the latest question: older answers are dropped
  let order = []; // results of the current question, best first
  let drawn = 0; // how many of them are in the list
  let drawing = Promise.resolve(); // the list's pending draw

  /* A name or query folded for comparison: no accents, case, apostrophes or punctuation. */
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['\u2019\u2018\u02bc`]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();

  function load() {
    if (!loading) {
      loading = Promise.all([
        import(new URL("../pagefind/pagefind.js", here).href),
        fetch(new URL("search-names.json", here)).then((r) => r.json()),
      ]).then(async ([pagefind, names]) => {
        await pagefind.options({ baseUrl: site.pathname });
        await pagefind.init();
        drawFilters(names);
        if (!input.value) meta.textContent = words.placeholder;
        return { pagefind, names: names.map((entry) => ({ ...entry, keys: entry.names.map(fold) })) };
      });
      loading.catch(() => {
        meta.textContent = location.protocol === "file:"
          ? "Search needs the site served over HTTP ('brief serve', or any web server); 'brief offline' makes a copy that searches from files."
          : "Search is unavailable: its index could not be loaded.";
      });
    }
    return loading;
  }

  /* The registry entries a query names: by a whole name (2), else those whose names it begins (1), most noted first. */
  function named(query, names) {
    const q = fold(query);
    if (!q) return [];
    const found = [];
    for (const entry of names) {
      let score = 0;
      for (const key of entry.keys) {
        if (key === q) score = 2;
        else if (q.length >= 3 && key.startsWith(q)) score = Math.max(score, 1);
      }
      if (score) found.push({ entry, score });
    }
    found.sort((a, b) => b.score - a.score || b.entry.notes - a.entry.notes || a.entry.name.localeCompare(b.entry.name));
    // a whole name is what was meant ("Iraq"), not the longer names it begins ("Iraqi security forces")
    return found.filter((n) => n.score === found[0]?.score).slice(0, NAMED);
  }

  function chosen() {
    const filters = {};
    for (const select of bar.querySelectorAll("select")) if (select.value) filters[select.name] = select.value;
    return filters;
  }

  const also = (filters, key, value) => ({ ...filters, [key]: key in filters ? [filters[key], value] : value });

  /* The searches that answer a query, as [term, options], in the order of their results (see the top
     of this file). Never a search for null (filters alone): Pagefind then loads every chunk of the index,
     megabytes on a large brief. Pages filed under an entry all hold its name: the word to look for. */
  function plan(names, query, filters) {
    if (!query) {
      const [, value] = Object.entries(filters)[0];
      return [[fold(value), { filters, sort: { date: "desc" } }]];
    }
    const entries = Object.keys(filters).length ? [] : named(query, names);
    const whole = entries.find((n) => n.score === 2);
    const asks = entries.map((n) => [fold(n.entry.name), { filters: { entity: n.entry.url } }]);
    if (whole) {
      const filed = also(filters, whole.entry.filter, whole.entry.name);
      asks.push([fold(whole.entry.name), { filters: filed, sort: { date: "desc" } }]);
    }
    // ranked by the words' search: Pagefind gives every page holding a phrase the same score
    if (/\s/.test(query) && !query.includes('"')) asks.push([`"${query}"`, { filters }, query]);
    asks.push([query, { filters }]);
    return asks;
  }

  /* Answer the box one search at a time, drawing results as soon as the searches before them have
     answered: the entry a query names shows before Pagefind has ranked every page. (Pagefind's worker
     answers in turn, loading a result's data too: a search asked early would hold the drawing up.) */
  async function ask() {
    const number = ++asked;
    delete result.dataset.complete;
    const query = input.value.trim();
    const filters = chosen();
    if (!query && !Object.keys(filters).length) {
      order = [];
      list.replaceChildren();
      meta.textContent = loading ? words.placeholder : meta.textContent;
      result.dataset.complete = "";
      return;
    }
    let pagefind, searches;
    try {
      const loaded = await load();
      pagefind = loaded.pagefind;
      searches = plan(loaded.names, query, filters);
    } catch {
      return; // load() has said so in the result list
    }
    if (number !== asked) return;
    const seen = new Set();
    order = [];
    drawn = 0;
    drawing = Promise.resolve();
    list.replaceChildren();
    for (const [i, [term, options, rankedBy]] of searches.entries()) {
      const answer = await pagefind.search(term, options).catch(() => null);
      const ranking = rankedBy && answer ? await pagefind.search(rankedBy, options).catch(() => null) : null;
      if (number !== asked) return;
      const results = answer ? answer.results : [];
      if (ranking) {
        const rank = new Map(ranking.results.map((r, at) => [r.id, at]));
        results.sort((a, b) => (rank.get(a.id) ?? rank.size) - (rank.get(b.id) ?? rank.size));
      }
      for (const found of results) {
        if (!seen.has(found.id)) {
          seen.add(found.id);
          order.push(found);
        }
      }
      const last = i === searches.length - 1;
      if (last) {
        meta.textContent = order.length === 0 ? words.none
          : order.length === 1 ? words.one : words.other.replace("#", order.length.toLocaleString("en"));
      }
      if (drawn < PAGE || last) await draw(number, query, PAGE);
    }
    if (number === asked) result.dataset.complete = query; // every search of the question answered and drawn
  }

  /* Draw question `number`'s results up to `upto` (one draw at a time, in order). */
  function draw(number, query, upto) {
    drawing = drawing.then(async () => {
      const next = order.slice(drawn, upto);
      const data = await Promise.all(next.map((r) => r.data()));
      if (number !== asked) return;
      drawn += next.length;
      list.querySelector(".brief-search-more")?.remove();
      const terms = fold(query).split(" ").filter(Boolean);
      list.append(...data.map((d) => item(d, terms)));
      result.dataset.answered = query; // the question the list answers now (for tests and benchmarks)
      if (drawn < order.length) {
        const li = element("li", "brief-search-more");
        const button = element("button", "md-button", `Show ${Math.min(PAGE, order.length - drawn)} more`);
        button.type = "button";
        button.addEventListener("click", () => draw(number, query, drawn + PAGE));
        li.append(button);
        list.append(li);
      }
    });
    return drawing;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /* Text with the query's words (and longer words they begin) marked; never parsed as HTML. */
  function marked(tag, text, terms) {
    const el = element(tag);
    const pattern = terms.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})[\\p{L}\\p{N}]*`, "giu")
      : null;
    let at = 0;
    for (const match of pattern ? text.matchAll(pattern) : []) {
      el.append(text.slice(at, match.index), element("mark", "", match[0]));
      at = match.index + match[0].length;
    }
    el.append(text.slice(at));
    return el;
  }

  /* Pagefind's plain excerpt has its HTML entities encoded: decode them as text. */
  function decoded(text) {
    const area = document.createElement("textarea");
    area.innerHTML = text || "";
    return area.value;
  }

  function item(data, terms) {
    const li = element("li", "md-search-result__item");
    const a = element("a", "md-search-result__link");
    a.href = data.url;
    a.tabIndex = -1;
    const article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
    article.append(element("div", "md-search-result__icon md-icon"), marked("h1", data.meta.title || data.url, terms));
    if (data.meta.date) {
      const when = element("p", "brief-search-when");
      when.append(element("time", "brief-date", data.meta.date));
      if (data.meta.precision) {
        const precision = data.meta.precision;
        when.append(" ", element("span", `brief-precision brief-precision-${precision}`, precision));
      }
      if (data.meta.grade) when.append(" ", element("span", "brief-grade", data.meta.grade)); // as on the note's page
      article.append(when);
    }
    article.append(marked("p", data.meta.summary || decoded(data.plain_excerpt), terms));
    a.append(article);
    li.append(a);
    return li;
  }

  /* One select per kind of entry (country, actor, source, tag), in the registry's order, from the
     names file: Pagefind's own filter counts would load every filter chunk and slow every search. */
  function drawFilters(names) {
    const used = names.filter((e) => e.notes).sort((a, b) => a.name.localeCompare(b.name));
    const keys = [...new Set(names.map((e) => e.filter))].filter((key) => used.some((e) => e.filter === key));
    for (const key of keys) {
      const label = element("label", "brief-search-filter");
      const select = element("select");
      select.name = key;
      select.append(new Option(`Any ${key}`, ""));
      for (const entry of used.filter((e) => e.filter === key)) {
        select.append(new Option(`${entry.name} (${entry.notes})`, entry.name));
      }
      select.addEventListener("change", ask);
      label.append(element("span", "", key[0].toUpperCase() + key.slice(1)), select);
      bar.append(label);
    }
    bar.hidden = !keys.length;
  }

  function open(value) {
    if (toggle.checked !== value) toggle.click(); // as Material does: its scroll lock follows
  }

  /* Material's behaviour, which its own search component would have given the box. */
  // after the event: a click on the header's label focuses the box and then toggles the search itself
  input.addEventListener("focus", () => { setTimeout(() => open(true)); load(); });
  let waiting = 0;
  input.addEventListener("input", () => { // one search when typing pauses, not one per key
    clearTimeout(waiting);
    delete result.dataset.complete; // a question is coming
    waiting = setTimeout(ask, PAUSE);
  });
  toggle.addEventListener("change", () => { if (toggle.checked) load(); });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { ask(); input.focus(); }));
  for (const label of document.querySelectorAll("header [for=__search]")) {
    label.addEventListener("click", () => input.focus()); // brings up a phone's keyboard
    label.addEventListener("pointerenter", load, { once: true }); // start fetching before the click
  }
  result.addEventListener("click", (ev) => { if (ev.target.closest("a")) open(false); });
  window.addEventListener("keydown", (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.altKey) return;
    const active = document.activeElement;
    if (!toggle.checked && active !== input) { // (the box may have focus a moment before the search opens)
      const typing = active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName));
      if (["f", "s", "/"].includes(ev.key) && !typing) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    if (active && active.tagName === "SELECT") return; // a filter list keeps its own keys
    if (ev.key === "Enter" && active === input) {
      ev.preventDefault();
      list.querySelector("a")?.click();
    } else if (ev.key === "Escape") {
      open(false);
      input.blur();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      const stops = [input, ...list.querySelectorAll("a, button")];
      const at = Math.max(0, stops.indexOf(active));
      stops[(at + stops.length + (ev.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
      ev.preventDefault();
    }
  });
})();
