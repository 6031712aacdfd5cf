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
