/* Signature pad (签名板): draw with a finger, pen or mouse (pointer events) on the canvas of a
 * .signature-pad; the drawing goes as a PNG data URL into the hidden input named by data-signature-for.
 * A value already there (a form shown again, or a restored draft) is drawn back. An element with
 * data-officer-pad="<id>" (an officer's pad) is shown only while that officer is ticked in the officers
 * checkboxes. No dependencies. */
(function () {
  "use strict";

  function setup(pad) {
    var canvas = pad.querySelector("canvas");
    var input = document.getElementById(pad.getAttribute("data-signature-for"));
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var last = null;
    var inked = false;

    function blank() {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.lineWidth = 3;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      inked = false;
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height),
      };
    }

    function store() {
      input.value = inked ? canvas.toDataURL("image/png") : "";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function restore() {
      if (!input.value || input.value.indexOf("data:image/png") !== 0) return;
      var img = new Image();
      img.onload = function () { blank(); ctx.drawImage(img, 0, 0, canvas.width, canvas.height); inked = true; };
      img.src = input.value;
    }

    canvas.style.touchAction = "none"; /* the page must not scroll while signing */
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fillStyle = "#111";
      ctx.fill();
      inked = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
    });
    function end() {
      if (!drawing) return;
      drawing = false;
      store();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    var clear = pad.querySelector("[data-signature-clear]");
    if (clear) clear.addEventListener("click", function () { blank(); store(); });

    blank();
    restore();
    document.addEventListener("draft:restored", restore);
  }

  function officerPads() {
    var pads = document.querySelectorAll("[data-officer-pad]");
    function sync() {
      Array.prototype.forEach.call(pads, function (pad) {
        var box = document.querySelector('input[name="officers"][value="' + pad.getAttribute("data-officer-pad") + '"]');
        pad.hidden = !(box && box.checked);
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll('input[name="officers"]'), function (box) {
      box.addEventListener("change", sync);
    });
    document.addEventListener("draft:restored", sync);
    sync();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".signature-pad"), setup);
    officerPads();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
