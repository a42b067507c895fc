// Speech import review: add and remove suggestion boxes in each proposed opinion (without
// JS, empty boxes are dropped). Each fieldset carries its opinion's field prefix.
(function () {
  "use strict";
  var template = document.getElementById("speech-suggestion-template");
  var boxes = document.querySelectorAll(".speech-suggestions");
  if (!template || !boxes.length) {
    return;
  }
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var digits = "零一二三四五六七八九";

  function chinese(n) {
    if (n < 10) { return digits[n]; }
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? digits[tens] : "") + "十" + (ones ? digits[ones] : "");
  }

  function renumber(box) {
    box.querySelectorAll(".speech-suggestion").forEach(function (row, i) {
      row.querySelector(".speech-marker").textContent = zh ? chinese(i + 1) + "是" : (i + 1) + ".";
    });
  }

  boxes.forEach(function (box) {
    var add = box.querySelector(".speech-add");
    var prefix = box.getAttribute("data-prefix") || "";
    box.addEventListener("click", function (event) {
      var button = event.target.closest(".speech-remove");
      if (!button) { return; }
      button.closest(".speech-suggestion").remove();
      renumber(box);
    });
    add.addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("textarea").name = prefix + "suggestion";
      add.parentNode.insertBefore(row, add);
      renumber(box);
      row.querySelector("textarea").focus();
    });
    box.querySelectorAll(".speech-remove").forEach(function (b) { b.hidden = false; });
    add.hidden = false;
  });
})();
