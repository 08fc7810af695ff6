// Added to pages only by `equilibri serve`, never written into a build: reloads the page after
// each rebuild, swaps stylesheets in place when only they changed, and shows a failed build's
// errors over the page until the next good build.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script && script.getAttribute("data-generation")) || 0;
  var overlay = null;
  var source = new EventSource("/__equilibri/events");

  source.addEventListener("built", function (event) {
    var status = JSON.parse(event.data);
    if (status.generation === shown) {
      hideOverlay();
      return;
    }
    // Only the very next build can be a stylesheet-only change of this page.
    if (status.css_only && status.generation === shown + 1) {
      shown = status.generation;
      hideOverlay();
      swapStylesheets(status.generation);
    } else {
      location.reload();
    }
  });

  source.addEventListener("failed", function (event) {
    showOverlay(JSON.parse(event.data).errors);
  });

  function swapStylesheets(generation) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("equilibri", String(generation));
      links[i].href = url.href;
    }
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    return node;
  }

  function showOverlay(errors) {
    hideOverlay();
    overlay = element(
      "div",
      "",
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;" +
        "background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,sans-serif;border-top:.5rem solid #b00020"
    );
    overlay.id = "equilibri-errori";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "equilibri-errori-titolo");
    var title = element("h1", "Il sito non si è potuto ricostruire", "margin:0 0 .5rem;font-size:1.5rem");
    title.id = "equilibri-errori-titolo";
    overlay.appendChild(title);
    overlay.appendChild(
      element(
        "p",
        "Errori: " + errors.length + ". Resta pubblicata l'ultima versione riuscita. " +
          "Correggi il file indicato e salva: questo riquadro si chiude da solo.",
        "margin:0 0 1rem"
      )
    );
    var list = element("ol", "", "padding-left:1.25rem");
    errors.forEach(function (error) {
      var item = element("li", "", "margin-bottom:1rem");
      item.appendChild(element("strong", error.location));
      item.appendChild(document.createTextNode(" " + error.message));
      item.appendChild(
        element("pre", error.text, "white-space:pre-wrap;background:#f3f3f3;padding:.75rem;font-size:14px")
      );
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = element("button", "Nascondi", "font:inherit;padding:.25rem 1rem");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    close.focus();
  }

  function hideOverlay() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }
})();
