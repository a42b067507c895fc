// Speech import review: add and remove suggestion boxes (without JS, empty boxes are dropped).
(function () {
  "use strict";
  var box = document.getElementById("speech-suggestions");
  var add = document.getElementById("speech-add");
  var template = document.getElementById("speech-suggestion-template");
  if (!box || !add || !template) {
    return;
  }
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var digits = "零一二三四五六七八九";

  function chinese(n) {
    if (n < 10) { return digits[n]; }
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? digits[tens] : "") + "十" + (ones ? digits[ones] : "");
  }

  function renumber() {
    var rows = box.querySelectorAll(".speech-suggestion");
    rows.forEach(function (row, i) {
      row.querySelector(".speech-marker").textContent = zh ? chinese(i + 1) + "是" : (i + 1) + ".";
    });
  }

  box.addEventListener("click", function (event) {
    var button = event.target.closest(".speech-remove");
    if (!button) { return; }
    button.closest(".speech-suggestion").remove();
    renumber();
  });

  add.addEventListener("click", function () {
    var row = template.content.firstElementChild.cloneNode(true);
    add.parentNode.insertBefore(row, add);
    renumber();
    row.querySelector("textarea").focus();
  });

  box.querySelectorAll(".speech-remove").forEach(function (b) { b.hidden = false; });
  add.hidden = false;
})();
