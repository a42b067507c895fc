// The reply form's commitment rows: "add more rows" appends a blank row in the page instead
// of sending the form back to the server. Without JavaScript the button is a plain submit
// (name=action value=more) and the server re-renders the form with more rows.
(function () {
  "use strict";
  var box = document.getElementById("commitment-rows");
  if (!box) return;
  var button = box.querySelector("[data-add-commitment-row]");
  var maxRows = parseInt(box.getAttribute("data-max-rows") || "0", 10);
  var defaultDepartment = box.getAttribute("data-default-department") || "";
  if (!button) return;

  function rows() {
    return box.querySelectorAll(".commitment-row");
  }

  // commitments-3-text -> commitments-<n>-text, in names, ids and label targets.
  function renumber(element, n) {
    ["name", "id", "for"].forEach(function (attribute) {
      var value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replace(/^commitments-\d+-/, "commitments-" + n + "-"));
    });
  }

  button.addEventListener("click", function (event) {
    var existing = rows();
    if (!existing.length || (maxRows && existing.length >= maxRows)) return; // let the server say
    event.preventDefault();
    var copy = existing[existing.length - 1].cloneNode(true);
    var n = existing.length;
    copy.querySelectorAll("[name], [id], [for]").forEach(function (element) {
      renumber(element, n);
    });
    copy.querySelectorAll("input, textarea").forEach(function (field) {
      field.value = "";
      field.classList.remove("is-invalid");
    });
    copy.querySelectorAll("select").forEach(function (select) {
      select.value = defaultDepartment;
      select.classList.remove("is-invalid");
    });
    copy.querySelectorAll(".invalid-feedback").forEach(function (message) {
      message.remove();
    });
    existing[existing.length - 1].after(copy);
    var first = copy.querySelector("textarea");
    if (first) first.focus();
  });
})();
