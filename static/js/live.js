// Live coverage: ask the server for new entries at the interval it sets, never
// while the tab is hidden, and offer them behind one button ("N nouvelles
// entrées") rather than moving what the reader is reading. No framework.
(function () {
  "use strict";
  var page = document.querySelector(".live[data-poll-url]");
  if (!page) {
    return;
  }
  var list = page.querySelector(".live-entries");
  var button = page.querySelector(".live-news-button");
  var url = page.getAttribute("data-poll-url");
  var interval = Number(page.getAttribute("data-poll-interval")) || 0;
  var newest = page.querySelector(".live-entry");
  var lastId = newest ? Number(newest.id.replace("entree-", "")) : 0;
  var pending = [];
  var timer = null;

  function announce() {
    var count = pending.length;
    var template = button.getAttribute(count === 1 ? "data-one" : "data-many");
    button.textContent = count ? template.replace("__N__", String(count)) : "";
    button.hidden = count === 0;
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (interval > 0 && !document.hidden) {
      timer = setTimeout(poll, interval * 1000);
    }
  }

  function receive(data) {
    interval = Number(data.interval) || 0;
    if (data.entries.length) {
      // Newest first, as on the page.
      pending = data.entries.concat(pending);
      lastId = data.entries[0].id;
      announce();
    }
  }

  function poll() {
    fetch(url + "?after=" + lastId, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("poll answered " + response.status);
        }
        return response.json();
      })
      .then(receive)
      .catch(function () {
        // A failed poll is retried at the next interval.
      })
      .then(schedule);
  }

  button.setAttribute("data-one", page.getAttribute("data-news-one"));
  button.setAttribute("data-many", page.getAttribute("data-news-many"));
  button.addEventListener("click", function () {
    var html = pending.map(function (entry) { return entry.html; }).join("");
    var first = pending.length ? pending[0].id : null;
    pending = [];
    announce();
    list.insertAdjacentHTML("afterbegin", html);
    var shown = first && document.getElementById("entree-" + first);
    if (shown) {
      shown.setAttribute("tabindex", "-1");
      shown.focus();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (interval > 0 && timer === null) {
      poll();
    }
  });
  schedule();
})();
