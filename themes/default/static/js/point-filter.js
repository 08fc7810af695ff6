/* Progressive filter for the info points' directory: without this script the page lists every
   point and links to one page per district; with it, two selects narrow the list in place. */
(function () {
  "use strict";
  var form = document.querySelector("[data-point-filter]");
  if (!form) return;
  var district = form.querySelector("#filtro-distretto");
  var service = form.querySelector("#filtro-servizio");
  var count = form.querySelector("[data-filter-count]");
  var cards = document.querySelectorAll("[data-point-card]");

  function apply() {
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      var services = " " + card.getAttribute("data-services") + " ";
      var visible = (!district.value || card.getAttribute("data-district") === district.value) &&
        (!service.value || services.indexOf(" " + service.value + " ") >= 0);
      card.hidden = !visible;
      if (visible) shown++;
    }
    /* Headings of groups left empty are hidden too, so the outline matches what is shown. */
    var groups = document.querySelectorAll("[data-municipality], [data-district-section]");
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = !groups[j].querySelector("[data-point-card]:not([hidden])");
    }
    count.textContent = form.getAttribute("data-count-template").replace("{n}", shown);
  }

  district.addEventListener("change", apply);
  service.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
})();
