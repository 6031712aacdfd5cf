// The agenda builder's in-place edits (htmx): a refused form comes back as 400 with its errors,
// which htmx would not show by default. Swap it in so the messages appear next to the fields.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// Keyboard and screen reader users land on what appeared: the errors first, else the form's heading.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var landing = target.querySelector(".error-summary") || target.querySelector("#editor-heading");
  if (landing) {
    landing.focus();
  }
});

// htmx copies a swapped element's old "style" attribute onto its new twin while settling; the
// Content-Security-Policy refuses style attributes set from script. Nothing here animates a style.
if (window.htmx) {
  htmx.config.attributesToSettle = ["class", "width", "height"];
}

// Drag and drop on the grid: a layer over each session's Move form (which stays, for keyboards and
// without JavaScript). A drop posts that form's fields for the cell (day, start time, room); the server
// checks it and answers with the grid, a notice for the live region and an Undo button, or a refusal
// (400) with its reason in the live region and next to the field.
(function () {
  var dragged = null;

  function say(text) {
    var status = document.getElementById("builder-status");
    if (!status) {
      return;
    }
    var line = document.createElement("p");
    line.textContent = text;
    status.replaceChildren(line);
  }

  function cellOf(target) {
    return target && target.closest ? target.closest("td[data-drop-day]") : null;
  }

  function clearTargets() {
    document.querySelectorAll("td.drop-target").forEach(function (cell) {
      cell.classList.remove("drop-target");
    });
  }

  function stop() {
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
    clearTargets();
    document.body.classList.remove("builder-dragging");
  }

  function showHints() {
    document.querySelectorAll(".builder-drag-hint").forEach(function (hint) {
      hint.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", showHints);
  document.addEventListener("htmx:afterSettle", showHints);

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".builder-session[data-move-url]") : null;
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("is-dragging");
    document.body.classList.add("builder-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
    say(card.dataset.grabbed);
  });

  document.addEventListener("dragover", function (event) {
    var cell = cellOf(event.target);
    if (!dragged || !cell) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("drop-target")) {
      clearTargets();
      cell.classList.add("drop-target");
    }
  });

  document.addEventListener("dragend", function () {
    var wasDragging = dragged !== null;
    stop();
    if (wasDragging) {
      say("");
    }
  });

  document.addEventListener("drop", function (event) {
    var cell = cellOf(event.target);
    if (!dragged || !cell) {
      return;
    }
    event.preventDefault();
    var card = dragged;
    stop();
    if (card.parentElement === cell) {
      say("");
      return; // dropped where it was
    }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    htmx.ajax("POST", card.dataset.moveUrl, {
      target: "#builder-workspace",
      swap: "innerHTML",
      values: {
        csrfmiddlewaretoken: token ? token.value : "",
        day: cell.dataset.dropDay,
        starts: cell.dataset.dropStarts,
        room: cell.dataset.dropRoom,
      },
    });
  });
})();
