// Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) { event.preventDefault(); window.print(); }
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("input[data-select-on-focus]")) { event.target.select(); }
});

// A link to something inside a closed <details> (a draft after "Lưu") opens it.
function openLinkedDetails() {
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var details = target && target.closest("details");
  if (details && !details.open) { details.open = true; target.scrollIntoView(); }
}
window.addEventListener("hashchange", openLinkedDetails);
document.addEventListener("DOMContentLoaded", openLinkedDetails);

// Review: what the clerk types into a draft is kept in this tab until it is saved, shown as
// "chưa lưu", and confirming the document with unsaved drafts is stopped with a message.
document.addEventListener("DOMContentLoaded", function () {
  var confirmForm = document.querySelector("form[data-unsaved-warning]");
  var forms = document.querySelectorAll("article[data-draft] form.draft-form");
  if (!confirmForm || !forms.length) { return; }
  var key = "unsaved:" + location.pathname;
  var kept = {};
  try { kept = JSON.parse(sessionStorage.getItem(key) || "{}") || {}; } catch (e) { kept = {}; }
  var store = function () { sessionStorage.setItem(key, JSON.stringify(kept)); };
  var onPage = {};
  forms.forEach(function (form) {
    var article = form.closest("article");
    var id = article.getAttribute("data-draft");
    onPage[id] = true;
    if (kept[id]) {
      Object.keys(kept[id]).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value !== undefined) { field.value = kept[id][name]; }
      });
      article.classList.add("unsaved");
      var details = article.closest("details");
      if (details) { details.open = true; }
    }
    form.addEventListener("input", function (event) {
      var field = event.target;
      if (!field.name || field.type === "checkbox" || field.type === "hidden") { return; }
      kept[id] = kept[id] || {};
      kept[id][field.name] = field.value;
      article.classList.add("unsaved");
      store();
    });
    form.addEventListener("submit", function () { delete kept[id]; store(); });
    var discard = article.querySelector("[data-discard]");
    if (discard) {
      discard.addEventListener("click", function () { delete kept[id]; store(); location.reload(); });
    }
  });
  Object.keys(kept).forEach(function (id) { if (!onPage[id]) { delete kept[id]; } });
  store();
  confirmForm.addEventListener("submit", function (event) {
    var unsaved = document.querySelector("article.unsaved");
    if (!unsaved) { return; }
    event.preventDefault();
    var message = confirmForm.querySelector(".unsaved-warning");
    if (!message) {
      message = document.createElement("p");
      message.className = "flash error unsaved-warning";
      message.setAttribute("role", "alert");
      message.textContent = confirmForm.getAttribute("data-unsaved-warning");
      confirmForm.insertBefore(message, confirmForm.firstChild);
    }
    unsaved.scrollIntoView();
    var field = unsaved.querySelector("textarea, input:not([type=hidden])");
    if (field) { field.focus({ preventScroll: true }); }
  });
});

// Agency names are suggested as the clerk types (a directory can hold thousands): the shared
// <datalist id="agency-names" data-suggest=URL> is filled with up to 20 names matching what
// follows the last ";" of the field, each offered as the whole field's new value.
document.addEventListener("DOMContentLoaded", function () {
  var list = document.querySelector("datalist[data-suggest]");
  if (!list) { return; }
  var url = list.getAttribute("data-suggest");
  var timer = null;
  var asked = "";
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("input[list='" + list.id + "']")) { return; }
    var value = field.value;
    var cut = value.lastIndexOf(";");
    var prefix = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
    var query = value.slice(cut + 1).trim();
    if (!query || query === asked) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      asked = query;
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { names: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = prefix + name;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a help; typing the name still works */ });
    }, 150);
  });
});
