// Searchable checkbox lists (templates/_checklist.html): show the filter box, hide the
// options that do not match what is typed (label and aliases), and count the ticked ones.
// Hidden options keep their state and are still submitted. Without JavaScript the list is
// a plain set of checkboxes.
(function () {
  "use strict";

  function setUp(list) {
    var filter = list.querySelector(".checklist-filter");
    var none = list.querySelector(".checklist-none");
    var count = list.querySelector(".checklist-count");
    var countText = list.getAttribute("data-count-text") || "%(n)s";
    var items = Array.prototype.slice.call(list.querySelectorAll(".form-check"));

    function recount() {
      if (!count) return;
      var n = list.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = "(" + countText.replace("%(n)s", String(n)) + ")";
    }

    function apply() {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var terms = (item.getAttribute("data-terms") || "").toLowerCase();
        var match = words.every(function (word) {
          return terms.indexOf(word) !== -1;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown > 0;
    }

    if (filter) {
      filter.hidden = false;
      filter.addEventListener("input", apply);
      // Enter in the filter box must not submit the whole form.
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    list.addEventListener("change", recount);
    recount();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), setUp);
})();
