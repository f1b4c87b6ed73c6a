// The admin's autocomplete (Select2) keeps the previous search's results on
// screen while it asks the server about the new words, with the first of them
// highlighted: pressing Enter then picked a source the editor never chose.
// While a search is pending, Enter does nothing; once the new results are
// shown it picks the highlighted one as usual.
"use strict";
document.addEventListener(
  "keydown",
  (event) => {
    if (event.key !== "Enter" || !event.target.matches(".select2-search__field")) {
      return;
    }
    const results = document.querySelector(".select2-container--open .select2-results__options");
    const pending =
      results === null ||
      results.querySelector(".loading-results") !== null ||
      results.getAttribute("aria-busy") === "true" ||
      results.dataset.newsdeskTerm !== event.target.value;
    if (pending) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);

// Which words the shown results answer: set when Select2 renders results for
// a search, so a term typed since (not yet sent, the request is delayed) is
// seen as pending too.
document.addEventListener("DOMContentLoaded", () => {
  const $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  $(document).on("select2:open", (event) => {
    const select2 = $(event.target).data("select2");
    if (!select2 || select2.newsdeskGuarded) {
      return;
    }
    select2.newsdeskGuarded = true;
    select2.on("results:all", (params) => {
      const list = select2.$results && select2.$results[0];
      if (list) {
        list.dataset.newsdeskTerm = (params.query && params.query.term) || "";
      }
    });
  });
});
