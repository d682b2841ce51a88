/* Drafts of forms (草稿): every form with data-draft="<url>|<user>" is saved to localStorage as it is typed,
 * restored when the page opens again, and cleared once the server has accepted it — so an idle logout or a
 * lost signal at an inspection site never loses what was typed. No dependencies. */
(function () {
  "use strict";
  var PREFIX = "sx-draft:";
  var SUBMITTED = "sx-draft-submitted";

  function store(fn) {
    try { return fn(); } catch (e) { return null; } /* private mode or quota: drafts are best effort */
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit" && el.type !== "button" &&
        el.type !== "file" && el.type !== "password";
    });
  }

  function snapshot(form) {
    var data = {};
    fields(form).forEach(function (el) {
      var list = data[el.name] || (data[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return data;
  }

  function apply(form, data) {
    var seen = {};
    fields(form).forEach(function (el) {
      var values = data[el.name];
      if (!values) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else {
        var i = seen[el.name] || 0;
        if (i < values.length) el.value = values[i];
        seen[el.name] = i + 1;
      }
    });
  }

  function notice(form, key) {
    var p = document.createElement("p");
    p.className = "draft-notice";
    p.setAttribute("role", "status");
    p.textContent = "已恢复上次未提交的草稿。";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--quiet";
    discard.textContent = "放弃草稿";
    discard.addEventListener("click", function () {
      store(function () { localStorage.removeItem(key); });
      window.location.reload();
    });
    p.appendChild(discard);
    form.insertBefore(p, form.firstChild);
  }

  function init() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft]"));
    var pending = store(function () { return sessionStorage.getItem(SUBMITTED); });
    if (pending) {
      store(function () { sessionStorage.removeItem(SUBMITTED); });
      var refused = document.querySelector(".error-summary, .field--invalid") !== null;
      var again = forms.some(function (f) { return f.getAttribute("data-draft") === pending; });
      if (!(refused && again)) store(function () { localStorage.removeItem(PREFIX + pending); });
    }
    forms.forEach(function (form) {
      var key = PREFIX + form.getAttribute("data-draft");
      var saved = store(function () { return JSON.parse(localStorage.getItem(key) || "null"); });
      if (saved && saved.data) {
        apply(form, saved.data);
        notice(form, key);
        form.dispatchEvent(new CustomEvent("draft:restored", { bubbles: true }));
      }
      function save() {
        store(function () {
          localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), data: snapshot(form) }));
        });
      }
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.addEventListener("submit", function () {
        save();
        store(function () { sessionStorage.setItem(SUBMITTED, form.getAttribute("data-draft")); });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
