// Selecting words in the served text fills the "要遮盖的文字" field (no framework; the field works without it).
(function () {
  var text = document.getElementById("served-text");
  var input = document.getElementById("mask-text");
  if (!text || !input) return;
  text.addEventListener("mouseup", function () {
    var selected = String(window.getSelection()).trim();
    if (selected) input.value = selected;
  });
})();
