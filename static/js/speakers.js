/* Speakers list: the countdown on the management page, and the hall screen that keeps
   itself current by polling /meetings/<id>/speakers/state (no reload, no external service). */
(function () {
  "use strict";

  var TICK_MS = 250;

  // The server sends naive meeting-local times ("2030-05-20T15:00:00"). Parsing every one
  // the same way (as if UTC) keeps their differences right in any browser time zone.
  function parseServerTime(text) {
    return Date.parse(text + "Z");
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function formatSeconds(seconds) {
    var negative = seconds < 0;
    var total = Math.abs(seconds);
    return (negative ? "-" : "") + pad(Math.floor(total / 60)) + ":" + pad(total % 60);
  }

  // A speech's countdown, computed from when it started, its limit and the server's clock.
  function Countdown(element) {
    this.element = element;
    this.offset = null; // server clock minus browser clock, in ms
    this.startedAt = null;
    this.limit = 0;
  }

  Countdown.prototype.set = function (startedAt, limitSeconds, serverNow) {
    var offset = parseServerTime(serverNow) - Date.now();
    // The server reads whole seconds and its answer arrives late, so no sample overstates
    // the true offset: keep the largest (the countdown then never jumps back), unless the
    // clocks were really changed.
    if (this.offset === null || offset > this.offset || offset < this.offset - 5000) {
      this.offset = offset;
    }
    this.startedAt = startedAt ? parseServerTime(startedAt) : null;
    this.limit = limitSeconds || 0;
    this.render();
  };

  Countdown.prototype.render = function () {
    var classes = this.element.classList;
    if (this.startedAt === null) {
      this.element.textContent = "";
      classes.remove("countdown-warning", "countdown-overtime", "text-danger", "text-warning");
      return;
    }
    var elapsed = (Date.now() + this.offset - this.startedAt) / 1000;
    var remaining = this.limit - elapsed;
    // Whole seconds: 05:00 at the start, 00:00 at the limit, -00:01 once over it.
    var shown = remaining >= 0 ? Math.ceil(remaining) : -Math.ceil(-remaining);
    this.element.textContent = formatSeconds(shown);
    var over = remaining < 0;
    var lastMinute = !over && remaining < 60;
    classes.toggle("countdown-overtime", over);
    classes.toggle("text-danger", over);
    classes.toggle("countdown-warning", lastMinute);
    classes.toggle("text-warning", lastMinute && !this.element.closest(".speakers-screen"));
  };

  Countdown.prototype.run = function () {
    var self = this;
    window.setInterval(function () {
      self.render();
    }, TICK_MS);
  };

  // Management page: one countdown whose times the page rendered into data attributes.
  function startManagementCountdown() {
    var element = document.querySelector("[data-countdown]");
    if (!element) {
      return;
    }
    var countdown = new Countdown(element);
    countdown.set(element.dataset.startedAt, Number(element.dataset.limit), element.dataset.now);
    countdown.run();
  }

  // What a list looks like at a glance: who speaks, who is next, how far along it is.
  function signature(state) {
    var ids = state.next.map(function (person) {
      return person.id;
    });
    var current = state.current;
    var speaking = current ? current.id + "@" + current.time_limit_seconds : "-";
    return [speaking, state.spoken, state.total, ids.join(",")].join("|");
  }

  // Management page: someone else (the chair at the podium, a colleague) may run the same
  // list; when the list moves on without this page, say so rather than show a stale timer.
  function watchManagementPage() {
    var notice = document.getElementById("speakers-stale");
    var initial = document.getElementById("speakers-state");
    if (!notice || !initial) {
      return;
    }
    var shown = signature(JSON.parse(initial.textContent));
    function poll() {
      fetch(notice.dataset.stateUrl, {
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state && signature(state) !== shown) {
            notice.hidden = false;
          }
        })
        .catch(function () {})
        .then(function () {
          if (notice.hidden) {
            window.setTimeout(poll, 3000);
          }
        });
    }
    window.setTimeout(poll, 3000);
  }

  // Hall screen: render a state, then poll for the next one.
  function Screen(root) {
    this.root = root;
    this.url = root.dataset.stateUrl;
    this.pollMs = Number(root.dataset.pollMs) || 1500;
    this.countdown = new Countdown(document.getElementById("screen-countdown"));
    this.currentId = null;
  }

  Screen.prototype.text = function (id, value) {
    var element = document.getElementById(id);
    if (element.textContent !== value) {
      element.textContent = value;
    }
  };

  Screen.prototype.apply = function (state) {
    var current = state.current;
    this.text("screen-title", state.meeting.title);
    document.getElementById("screen-idle").hidden = Boolean(current);
    document.getElementById("screen-speaker").hidden = !current;
    if (current) {
      this.text("screen-name", current.name);
      this.text("screen-affiliation", current.affiliation);
      // A topic that only repeats the affiliation (the default) is not shown twice.
      this.text("screen-topic", current.topic === current.affiliation ? "" : current.topic);
      this.countdown.set(current.started_at, current.time_limit_seconds, state.now);
    } else {
      this.countdown.set(null, 0, state.now);
    }
    this.currentId = current ? current.id : null;
    this.root.dataset.currentId = this.currentId === null ? "" : String(this.currentId);

    var list = document.getElementById("screen-next");
    var items = state.next.map(function (person) {
      var item = document.createElement("li");
      item.textContent = person.name + (person.affiliation ? " · " + person.affiliation : "");
      return item;
    });
    var unchanged =
      list.children.length === items.length &&
      items.every(function (item, i) {
        return list.children[i].textContent === item.textContent;
      });
    if (!unchanged) {
      list.replaceChildren.apply(list, items);
    }
    document.getElementById("screen-next-block").hidden = items.length === 0;
  };

  Screen.prototype.poll = function () {
    var self = this;
    var offline = document.getElementById("screen-offline");
    fetch(this.url, {
      cache: "no-store",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        // A signed-out session answers with the login page: treat it as lost, keep counting.
        if (!response.ok || type.indexOf("application/json") === -1) {
          throw new Error("no state");
        }
        return response.json();
      })
      .then(function (state) {
        offline.hidden = true;
        self.apply(state);
      })
      .catch(function () {
        offline.hidden = false;
      })
      .then(function () {
        window.setTimeout(function () {
          self.poll();
        }, self.pollMs);
      });
  };

  function startScreen() {
    var root = document.getElementById("screen");
    if (!root) {
      return;
    }
    var screen = new Screen(root);
    var initial = document.getElementById("screen-state");
    if (initial) {
      screen.apply(JSON.parse(initial.textContent));
    }
    screen.countdown.run();
    window.setTimeout(function () {
      screen.poll();
    }, screen.pollMs);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startManagementCountdown();
    watchManagementPage();
    startScreen();
  });
})();
