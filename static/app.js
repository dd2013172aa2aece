// Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) { event.preventDefault(); window.print(); }
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("input[data-select-on-focus]")) { event.target.select(); }
});
