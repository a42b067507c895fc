// The invitations page's person picker: as the secretariat types a name, ask the server for a
// few matching people (…/invitations/candidates?q=) and invite the one picked. Without
// JavaScript the search form is a plain GET that lists the matches with an "Invite" button.
(function () {
  "use strict";
  var input = document.getElementById("who");
  var box = document.getElementById("who-suggestions");
  var post = document.getElementById("invite-one");
  var roleSelect = document.getElementById("invite_role");
  if (!input || !box || !post || !window.fetch) return;

  var url = input.getAttribute("data-candidates-url");
  var noneText = input.getAttribute("data-none-text") || "";
  var timer = null;
  var asked = 0; // the newest request: older answers arriving late are dropped

  function hide() {
    box.hidden = true;
    box.textContent = "";
    input.setAttribute("aria-expanded", "false");
  }

  function invite(person) {
    post.elements.participant_id.value = String(person.id);
    post.elements.role.value = roleSelect ? roleSelect.value : "";
    post.submit();
  }

  function show(people) {
    box.textContent = "";
    if (!people.length) {
      var empty = document.createElement("div");
      empty.className = "list-group-item small text-muted";
      empty.textContent = noneText;
      box.appendChild(empty);
    }
    people.forEach(function (person) {
      var item = document.createElement("button");
      item.type = "button";
      item.className = "list-group-item list-group-item-action";
      var name = document.createElement("span");
      name.textContent = person.name;
      var more = document.createElement("span");
      more.className = "small text-muted";
      more.textContent =
        " · " + person.kind_label + (person.affiliation ? " · " + person.affiliation : "");
      item.appendChild(name);
      item.appendChild(more);
      item.addEventListener("click", function () {
        invite(person);
      });
      box.appendChild(item);
    });
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function lookUp() {
    var text = input.value.trim();
    if (!text) {
      hide();
      return;
    }
    var mine = ++asked;
    fetch(url + "?q=" + encodeURIComponent(text), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (people) {
        if (mine === asked) show(people);
      })
      .catch(function () {
        /* offline or refused: the Search button still works */
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 200);
  });
  input.addEventListener("keydown", function (event) {
    var items = box.querySelectorAll("button");
    if (event.key === "Escape") {
      hide();
    } else if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      items[0].focus();
    }
  });
  box.addEventListener("keydown", function (event) {
    var items = Array.prototype.slice.call(box.querySelectorAll("button"));
    var at = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < items.length - 1) {
      event.preventDefault();
      items[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? items[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      hide();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target !== input && !box.contains(event.target)) hide();
  });
})();
