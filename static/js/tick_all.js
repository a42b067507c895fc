// A header checkbox that ticks or clears every row's checkbox of its table (the attendance
// form). Without JavaScript it stays hidden and each row is ticked on its own.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("input[data-tick-all]"), function (all) {
    var table = all.closest("table");
    if (!table) return;
    var boxes = function () {
      return Array.prototype.slice.call(
        table.querySelectorAll("tbody input[type=checkbox]:not(:disabled)")
      );
    };
    var sync = function () {
      var list = boxes();
      var ticked = list.filter(function (box) {
        return box.checked;
      }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    };
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) {
        box.checked = all.checked;
      });
    });
    table.addEventListener("change", function (event) {
      if (event.target !== all) sync();
    });
    sync();
  });
})();
